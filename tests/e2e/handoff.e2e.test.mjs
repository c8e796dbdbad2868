// The self-service hand-off on the real app binary under Xvfb, driven through WebDriver, against
// the UEM simulator (HTTPS), a real OpenLDAP slapd (LDAPS) and a real gnome-keyring Secret Service.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { app, launch, screenshot } from "./driver.mjs";
import { startSim } from "./sim.mjs";
import { startSlapd } from "./slapd.mjs";

const SERIAL = "C02DEMO00001";
const PASSWORD = "Alice-Pass-1";
const env = { BATON_DEVICE_SERIAL: SERIAL };

let slapd;
before(() => {
  slapd = startSlapd();
});
after(() => slapd?.stop());

/** The app's configuration: the simulator's UEM keys, slapd as the directory, and `extra`. */
function configFor(sim, extra = {}) {
  return sim.writeConfig({ ...slapd.keys(sim.config.TrustedCACertificates), ...extra });
}

async function screen(browser, name, timeout = 20000) {
  const main = await browser.$(`main[data-screen="${name}"]`);
  await main.waitForExist({ timeout, timeoutMsg: `screen ${name} never showed` });
  return main;
}

async function signIn(browser, username, password) {
  const user = await browser.$("input[autocomplete=username]");
  await user.waitForExist({ timeout: 20000 });
  await user.setValue(username);
  const pass = await browser.$("input[autocomplete=current-password]");
  await pass.setValue(password);
  assert.equal(await user.getValue(), username);
  await browser.$("button[type=submit]").click();
}

function keychainItem(service, account) {
  const found = spawnSync("secret-tool", ["lookup", "service", service, "username", account], { encoding: "utf8" });
  return found.status === 0 ? found.stdout : null;
}

function deleteItem(service, account) {
  spawnSync("secret-tool", ["clear", "service", service, "username", account]);
}

function logs(dir) {
  return readdirSync(dir).map((f) => readFileSync(join(dir, f), "utf8")).join("");
}

test("a staged Mac is handed to the person who signs in", async () => {
  const sim = await startSim();
  deleteItem("NoMAD", "alice@EXAMPLE.TEST");
  const { browser, logDir, close } = await launch({ args: ["--config", configFor(sim)], env });
  try {
    await screen(browser, "signin");
    await screenshot(browser, "handoff-signin.png");
    await signIn(browser, "alice", PASSWORD);
    await screen(browser, "done", 30000);
    await screenshot(browser, "handoff-done.png");
    assert.equal(await sim.owner(SERIAL), "alice");
    assert.equal(await sim.count("switch_user"), 1);
    assert.equal(await sim.count("ldap"), 0, "slapd verified the password, not the simulator");
  } finally {
    await close();
    sim.stop();
  }
  // Read the simulator's state only after the app is gone: nothing was left to do.
  assert.equal(keychainItem("NoMAD", "alice@EXAMPLE.TEST"), PASSWORD);
  const log = logs(logDir);
  assert.ok(!log.includes(PASSWORD), "the password is in the log");
});

test("the simulator shows the switch and a wrong password changes nothing", async () => {
  const sim = await startSim();
  deleteItem("NoMAD", "alice@EXAMPLE.TEST");
  const { browser, logDir, close } = await launch({ args: ["--config", configFor(sim)], env });
  try {
    await screen(browser, "signin");
    await signIn(browser, "alice", "not-the-password");
    const alert = await browser.$("[role=alert]");
    await alert.waitForExist({ timeout: 20000 });
    await screen(browser, "signin");
    assert.equal(await sim.count("switch_user"), 0);
    assert.equal(await sim.owner(SERIAL), "staging");
    assert.equal(keychainItem("NoMAD", "alice@EXAMPLE.TEST"), null);
    // Then the right one, in the same window.
    await signIn(browser, "alice", PASSWORD);
    await screen(browser, "done", 30000);
    assert.equal(await sim.owner(SERIAL), "alice");
    assert.equal(await sim.count("switch_user"), 1);
  } finally {
    await close();
    sim.stop();
  }
  assert.ok(!logs(logDir).includes("not-the-password"));
});

test("a Mac already assigned to someone else says so and stores nothing", async () => {
  const sim = await startSim();
  const { browser, close } = await launch({
    args: ["--config", configFor(sim)],
    env: { BATON_DEVICE_SERIAL: "C02DEMO00002" },
  });
  try {
    // bob's Mac, without bob's items on this machine: sign in once more, as bob only.
    await screen(browser, "signin");
    await signIn(browser, "alice", PASSWORD);
    await screen(browser, "problem", 30000);
    await screenshot(browser, "handoff-not-yours.png");
    assert.equal(await sim.owner("C02DEMO00002"), "bob");
    assert.equal(await sim.count("switch_user"), 0);
  } finally {
    await close();
    sim.stop();
  }
});

test("UEM unreachable at launch: the window says so and carries on by itself", async () => {
  const sim = await startSim();
  await sim.admin("POST", "faults", { route: "device_lookup", kind: "reset", times: 2 });
  // No retries inside the UEM client: the flow itself must notice, say so, and try again.
  const config = configFor(sim, { UEMRetrySeconds: 0 });
  const { browser, close } = await launch({ args: ["--config", config], env });
  try {
    const offline = await browser.$(".progress.offline");
    await offline.waitForExist({ timeout: 20000, timeoutMsg: "the offline notice never showed" });
    await screenshot(browser, "handoff-offline.png");
    await screen(browser, "signin", 30000);
    assert.equal(await sim.count("device_lookup"), 3, "two failures, then the flow's own retries");
  } finally {
    await close();
    sim.stop();
  }
});

test("killed right after the switch, the restarted app resumes without a second switch", async () => {
  const sim = await startSim();
  deleteItem("NoMAD", "alice@EXAMPLE.TEST");
  const config = configFor(sim);
  // The switch is applied, then its answer never comes: the app is still waiting when killed.
  await sim.admin("POST", "faults", { route: "switch_user", kind: "hang", phase: "after", times: 1 });
  let first = await launch({ args: ["--config", config], env });
  try {
    await screen(first.browser, "signin");
    await signIn(first.browser, "alice", PASSWORD);
    const deadline = Date.now() + 30000;
    while ((await sim.owner(SERIAL)) !== "alice") {
      assert.ok(Date.now() < deadline, "the switch never happened");
      await new Promise((r) => setTimeout(r, 100));
    }
    // SIGKILL the app (the WebDriver session's application process).
    execFileSync("pkill", ["-KILL", "-f", `${app} --config ${config}`]);
  } finally {
    await first.close().catch(() => {});
  }
  assert.equal(keychainItem("NoMAD", "alice@EXAMPLE.TEST"), null, "killed before the Keychain step");

  const second = await launch({ args: ["--config", config], env });
  try {
    await screen(second.browser, "signin");
    await screenshot(second.browser, "handoff-resume.png");
    await signIn(second.browser, "alice", PASSWORD);
    await screen(second.browser, "done", 30000);
    assert.equal(await sim.count("switch_user"), 1, "no second switch");
  } finally {
    await second.close();
    sim.stop();
  }
  assert.equal(keychainItem("NoMAD", "alice@EXAMPLE.TEST"), PASSWORD);
});
