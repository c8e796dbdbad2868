// A directory that lets a person read their own entry and nothing else (slapd's `selfonly`
// instance: `access to * by self read by anonymous auth by * none`), through the real window under
// Xvfb, against the UEM simulator and the throwaway keyring. The search from LDAPBaseDN sees
// nothing there; Baton reads the entry of the identity that bound and hands the Mac over.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch } from "./driver.mjs";
import { startSim } from "./sim.mjs";
import { startSlapd } from "./slapd.mjs";

const SERIAL = "C02DEMO00001";
const PASSWORD = "Alice-Pass-1";

let slapd;
before(() => {
  slapd = startSlapd();
});
after(() => slapd?.stop());

const logs = (dir) => readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")).join("");

async function screen(browser, name, timeout = 20000) {
  const main = await browser.$(`main[data-screen="${name}"]`);
  await main.waitForExist({ timeout, timeoutMsg: `screen ${name} never showed` });
  return main;
}

async function signIn(browser, username, password) {
  const user = await browser.$("input[autocomplete=username]");
  await user.waitForExist({ timeout: 20000 });
  await user.setValue(username);
  await (await browser.$("input[autocomplete=current-password]")).setValue(password);
  await browser.$("button[type=submit]").click();
}

test("a directory where people read only their own entry still hands the Mac over", async () => {
  const sim = await startSim();
  spawnSync("secret-tool", ["clear", "service", "NoMAD", "username", "alice@EXAMPLE.TEST"]);
  const config = sim.writeConfig(slapd.selfonlyKeys(sim.config.TrustedCACertificates));
  const { browser, logDir, close } = await launch({ args: ["--config", config], env: { BATON_DEVICE_SERIAL: SERIAL } });
  try {
    await screen(browser, "signin");
    await signIn(browser, "alice", PASSWORD);
    await screen(browser, "done", 30000);
    assert.equal(await sim.owner(SERIAL), "alice");
    assert.equal(await sim.count("switch_user"), 1);
    assert.equal(await sim.count("ldap"), 0, "slapd verified the password, not the simulator");
  } finally {
    await close();
    sim.stop();
    spawnSync("secret-tool", ["clear", "service", "NoMAD", "username", "alice@EXAMPLE.TEST"]);
  }
  const log = logs(logDir);
  assert.match(log, /read the bound identity's own entry/);
  assert.doesNotMatch(log, /DIR-310/);
  assert.ok(!log.includes(PASSWORD), "the password is in the log");
});
