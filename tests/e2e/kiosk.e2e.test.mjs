// Kiosk mode (the pickup desk) on the real app binary under Xvfb, driven through WebDriver,
// against the UEM simulator (HTTPS, with its request log), a real OpenLDAP slapd (LDAPS) and a
// real gnome-keyring Secret Service. The kiosk runs with a HOME of its own, scanned afterwards;
// the picked-up Mac is a second Baton (self-service) on the same simulator.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, screenshot } from "./driver.mjs";
import { startSim } from "./sim.mjs";
import { startSlapd } from "./slapd.mjs";

const STAGED = "C02DEMO00001";
const BOBS = "C02DEMO00002";
const PASSWORD = "Alice-Pass-1";
const WRONG = "Not-Alices-Pass-7";

let slapd;
before(() => {
  slapd = startSlapd();
});
after(() => slapd?.stop());

/** A kiosk Mac with a HOME of its own (and XDG folders inside it), so it can be scanned. */
function kioskEnv() {
  const home = mkdtempSync(join(tmpdir(), "baton-e2e-kiosk-home-"));
  return {
    home,
    env: {
      HOME: home,
      XDG_DATA_HOME: join(home, ".local/share"),
      XDG_CONFIG_HOME: join(home, ".config"),
      XDG_CACHE_HOME: join(home, ".cache"),
      BATON_DEVICE_SERIAL: "C02KIOSK0001",
    },
  };
}

function kioskConfig(sim, extra = {}) {
  return sim.writeConfig({
    ...slapd.keys(sim.config.TrustedCACertificates),
    Mode: "kiosk",
    Title: "Example IT pickup desk",
    KioskResetSeconds: 5,
    ...extra,
  });
}

async function screen(browser, name, timeout = 20000) {
  const main = await browser.$(`main[data-screen="${name}"]`);
  await main.waitForExist({ timeout, timeoutMsg: `screen ${name} never showed` });
  return main;
}

async function scan(browser, code) {
  await screen(browser, "scan");
  const field = await browser.$("input[name=serial]");
  await field.waitForExist({ timeout: 20000 });
  assert.equal(await field.getAttribute("autocomplete"), "off");
  assert.equal(await browser.execute(() => document.activeElement?.getAttribute("name")), "serial");
  await field.setValue(code);
  await browser.keys("Enter");
}

async function signIn(browser, username, password) {
  const user = await browser.$("#username");
  await user.waitForExist({ timeout: 20000 });
  await user.setValue(username);
  await browser.$("#password").setValue(password);
  await browser.$("button[type=submit]").click();
}

async function alertSays(browser, text) {
  await browser.waitUntil(
    async () => {
      for (const alert of await browser.$$("[role=alert]")) {
        if ((await alert.getText()).includes(text)) return true;
      }
      return false;
    },
    { timeout: 20000, timeoutMsg: `no alert says "${text}"` },
  );
}

/** The text of every file under `dir` (binary files too, as Latin-1). */
function allFiles(dir) {
  const found = [];
  const walk = (path) => {
    let entries;
    try {
      entries = readdirSync(path);
    } catch {
      return;
    }
    for (const name of entries) {
      const full = join(path, name);
      const stat = statSync(full, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isDirectory()) walk(full);
      else if (stat.isFile()) found.push([full, readFileSync(full, "latin1")]);
    }
  };
  walk(dir);
  return found;
}

function keychainItem(service, account) {
  const found = spawnSync("secret-tool", ["lookup", "service", service, "username", account], { encoding: "utf8" });
  return found.status === 0 ? found.stdout : null;
}

function deleteItem(service, account) {
  spawnSync("secret-tool", ["clear", "service", service, "username", account]);
}

test("the desk: a staged serial, sign in, receipt, back to an empty scan by itself; nothing of the person is kept; the picked-up Mac resumes", async () => {
  const sim = await startSim();
  deleteItem("NoMAD", "alice@EXAMPLE.TEST");
  const { home, env } = kioskEnv();
  // Long enough that a slow machine is not reset mid-sign-in; the wait below allows for it.
  const kiosk = await launch({ args: ["--config", kioskConfig(sim, { KioskResetSeconds: 20 })], env });
  try {
    const { browser } = kiosk;
    await browser.$('main[data-mode="kiosk"]').waitForExist({ timeout: 20000 });
    await scan(browser, " c02demo00001");
    await screen(browser, "signin");
    const device = await browser.$("[data-testid=device]");
    await browser.waitUntil(async () => (await device.getText()).includes("ready for pickup"), { timeout: 20000 });
    assert.match(await device.getText(), /MacBook Pro \(14-inch, 2023\) · C02DEMO00001/);
    await screenshot(browser, "kiosk-signin.png");
    await signIn(browser, "alice", PASSWORD);
    const done = await screen(browser, "done", 30000);
    assert.match(await done.getText(), /C02DEMO00001 is now yours, alice Test\. Open it and sign in with your company account\./);
    await screenshot(browser, "kiosk-done.png");
    assert.equal(await sim.owner(STAGED), "alice");
    assert.equal(await sim.count("switch_user"), 1);
    // KioskResetSeconds (20) later the desk is back on scan by itself, every field empty.
    await screen(browser, "scan", 60000);
    assert.equal(await browser.$("input[name=serial]").getValue(), "");
    assert.equal((await browser.$$("input")).length, 1, "only the scan field is on screen");
  } finally {
    await kiosk.close();
  }
  // The kiosk kept nothing of the person: no Keychain item, no file in its HOME.
  assert.equal(keychainItem("NoMAD", "alice@EXAMPLE.TEST"), null);
  for (const [path, text] of allFiles(home)) {
    assert.ok(!text.includes(PASSWORD), `the password is in ${path}`);
    assert.ok(!/alice/i.test(text), `the person is named in ${path}`);
  }
  // Only the log line of who collected which Mac (direct mode), never the password.
  const log = allFiles(kiosk.logDir).map(([, text]) => text).join("");
  assert.ok(log.includes("collected at the pickup desk"), "the collection is logged");
  assert.ok(!log.includes(PASSWORD), "the password is in the log");

  // The picked-up Mac at its first login: assigned already, its Keychain items missing.
  const mac = await launch({
    args: ["--config", sim.writeConfig(slapd.keys(sim.config.TrustedCACertificates))],
    env: { BATON_DEVICE_SERIAL: STAGED },
  });
  try {
    const { browser } = mac;
    const signin = await screen(browser, "signin");
    await browser.waitUntil(async () => (await signin.getText()).includes("Sign in once more"), { timeout: 20000 });
    await screenshot(browser, "kiosk-picked-up-mac-resume.png");
    const user = await browser.$("input[autocomplete=username]");
    await user.setValue("alice");
    await browser.$("input[autocomplete=current-password]").setValue(PASSWORD);
    await browser.$("button[type=submit]").click();
    await screen(browser, "done", 30000);
    assert.equal(await sim.count("switch_user"), 1, "no second switch");
  } finally {
    await mac.close();
    sim.stop();
  }
  assert.equal(keychainItem("NoMAD", "alice@EXAMPLE.TEST"), PASSWORD);
  deleteItem("NoMAD", "alice@EXAMPLE.TEST");
});

test("the desk refuses someone else's Mac without a PATCH, and a wrong password; an asset tag resolves", async () => {
  const sim = await startSim();
  const { env } = kioskEnv();
  const kiosk = await launch({ args: ["--config", kioskConfig(sim, { KioskResetSeconds: 60 })], env });
  try {
    const { browser } = kiosk;
    await scan(browser, BOBS);
    await alertSays(browser, "already belongs to someone else");
    await screen(browser, "scan");
    await screenshot(browser, "kiosk-not-staged.png");
    assert.equal(await sim.count("switch_user"), 0);
    assert.equal(await sim.owner(BOBS), "bob");

    // An asset tag resolves through the registration records to the staged Mac.
    await scan(browser, "A-0001");
    await screen(browser, "signin");
    const device = await browser.$("[data-testid=device]");
    await browser.waitUntil(async () => (await device.getText()).includes(STAGED), { timeout: 20000 });
    assert.ok((await sim.count("registered_device_search")) >= 1, "looked up through the registrations");

    await signIn(browser, "alice", WRONG);
    await alertSays(browser, "incorrect");
    await screen(browser, "signin");
    assert.equal(await sim.count("switch_user"), 0);
    assert.equal(await sim.owner(STAGED), "staging");
  } finally {
    await kiosk.close();
    sim.stop();
  }
  assert.ok(!allFiles(kiosk.logDir).some(([, text]) => text.includes(WRONG)), "a password is in the log");
});
