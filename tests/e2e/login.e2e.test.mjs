// `baton --at-login`, as the LaunchAgent starts it at every login: seen only when the person is
// needed. The real binary under Xvfb, against the UEM simulator, slapd and the throwaway keyring.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { app, launch } from "./driver.mjs";
import { startSim } from "./sim.mjs";
import { startSlapd } from "./slapd.mjs";

let slapd;
before(() => {
  slapd = startSlapd();
});
after(() => slapd?.stop());

const configFor = (sim) => sim.writeConfig(slapd.keys(sim.config.TrustedCACertificates));
const record = (dataHome) => join(dataHome, "dev.baton.Baton", "handed-off.json");
const logs = (dir) => readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")).join("");

/** Runs the app with `args` until it exits by itself; resolves to { code, log }. */
function runToExit(args, env, ms = 30000) {
  const logDir = mkdtempSync(join(tmpdir(), "baton-e2e-login-logs-"));
  return new Promise((resolve, reject) => {
    const child = spawn(app, args, { env: { ...process.env, BATON_LOG_DIR: logDir, ...env }, stdio: "ignore" });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`baton ${args.join(" ")} did not exit by itself within ${ms} ms:\n${logs(logDir)}`));
    }, ms);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, log: logs(logDir) });
    });
  });
}

test("at login on a Mac already set up, Baton quits without a word and remembers the hand-off", async () => {
  const sim = await startSim();
  const dataHome = mkdtempSync(join(tmpdir(), "baton-e2e-data-"));
  // bob's Mac, with bob's NoMAD item in the keyring: nothing left to do.
  const stored = spawnSync(
    "secret-tool",
    ["store", "--label", "NoMAD", "service", "NoMAD", "username", "bob@EXAMPLE.TEST"],
    { input: "Bob-Pass-2" },
  );
  assert.equal(stored.status, 0, String(stored.stderr));
  const env = { BATON_DEVICE_SERIAL: "C02DEMO00002", XDG_DATA_HOME: dataHome };
  try {
    const config = configFor(sim);
    const first = await runToExit(["--at-login", "--config", config], env);
    assert.equal(first.code, 0);
    assert.match(first.log, /at login: nothing for the person to do here; quitting/);
    assert.deepEqual(JSON.parse(readFileSync(record(dataHome), "utf8")), { serial: "C02DEMO00002" });

    // The next login: the window is not even shown.
    const second = await runToExit(["--at-login", "--config", config], env);
    assert.equal(second.code, 0);
    assert.match(second.log, /the window stays hidden unless needed/);
    assert.doesNotMatch(second.log, /showing the window/);
    assert.equal(await sim.count("switch_user"), 0);
  } finally {
    spawnSync("secret-tool", ["clear", "service", "NoMAD", "username", "bob@EXAMPLE.TEST"]);
    sim.stop();
  }
});

test("at login on a Mac handed off before but staged again, the sign-in appears", async () => {
  const sim = await startSim();
  const dataHome = mkdtempSync(join(tmpdir(), "baton-e2e-data-"));
  mkdirSync(join(dataHome, "dev.baton.Baton"), { recursive: true });
  writeFileSync(record(dataHome), JSON.stringify({ serial: "C02DEMO00001" }));
  const { browser, logDir, close } = await launch({
    args: ["--at-login", "--config", configFor(sim)],
    env: { BATON_DEVICE_SERIAL: "C02DEMO00001", XDG_DATA_HOME: dataHome },
  });
  try {
    const main = await browser.$('main[data-screen="signin"]');
    await main.waitForExist({ timeout: 30000, timeoutMsg: "the sign-in never showed" });
    const log = logs(logDir);
    assert.match(log, /the window stays hidden unless needed/);
    assert.match(log, /at login: the person is needed; showing the window/);
  } finally {
    await close();
    sim.stop();
  }
  assert.ok(existsSync(record(dataHome)));
});
