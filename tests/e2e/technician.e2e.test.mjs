// Technician mode on the real app binary under Xvfb, driven through WebDriver, against the UEM
// simulator and its LDAPS directory (tess is in cn=baton-technicians): sign in as a technician,
// look a serial up, search a person, confirm, done — and a non-technician refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { launch, screenshot } from "./driver.mjs";
import { startSim } from "./sim.mjs";

const THIS_MAC = "C02DEMO00004";
const STAGED = "C02DEMO00001";
const TESS = "Tess-Pass-6";
const TECHNICIANS = "cn=baton-technicians,ou=groups,dc=example,dc=test";
const env = { BATON_DEVICE_SERIAL: THIS_MAC };

function configFor(sim) {
  return sim.writeConfig({ Mode: "technician", TechnicianGroups: [TECHNICIANS] });
}

async function screen(browser, name, timeout = 20000) {
  const main = await browser.$(`main[data-mode="technician"][data-screen="${name}"]`);
  await main.waitForExist({ timeout, timeoutMsg: `screen ${name} never showed` });
  return main;
}

async function signIn(browser, username, password) {
  const user = await browser.$("#tech-username");
  await user.waitForExist({ timeout: 20000 });
  await user.setValue(username);
  await browser.$("#tech-password").setValue(password);
  await browser.keys("Enter");
}

function logs(dir) {
  return readdirSync(dir)
    .map((f) => readFileSync(join(dir, f), "utf8"))
    .join("");
}

test("a technician signs in, looks a serial up, finds the person, confirms, done", async () => {
  const sim = await startSim();
  const { browser, logDir, close } = await launch({ args: ["--config", configFor(sim)], env });
  try {
    await screen(browser, "techsignin");
    await screenshot(browser, "technician-techsignin.png");
    await signIn(browser, "tess", TESS);
    // This Mac is looked up right after sign-in.
    await screen(browser, "device");
    const serial = await browser.$('[data-testid="card-serial"]');
    await serial.waitForExist({ timeout: 20000 });
    assert.equal(await serial.getText(), THIS_MAC);
    assert.equal(await browser.$('[data-testid="technician"]').getText(), "Signed in as tess");
    // A serial typed (or scanned) and Enter.
    await browser.$("#serial").setValue(STAGED.toLowerCase());
    await browser.keys("Enter");
    await browser.waitUntil(async () => (await browser.$('[data-testid="card-serial"]').getText()) === STAGED, {
      timeout: 20000,
      timeoutMsg: "the typed serial was never shown",
    });
    await screenshot(browser, "technician-device.png");
    await browser.$("button=Assign to a person").click();
    await screen(browser, "search");
    await browser.$("input[type=search]").setValue("alice");
    await browser.$("#person-0").waitForExist({ timeout: 20000 });
    assert.match(await browser.$("#person-0").getText(), /Alice Adams \(alice\)/);
    await screenshot(browser, "technician-search.png");
    await browser.keys("Enter");
    await screen(browser, "confirm");
    assert.equal(
      await browser.$('[data-testid="confirm-sentence"]').getText(),
      `Assign MacBook Pro (14-inch, 2023) · ${STAGED} from staging to Alice Adams (alice)?`,
    );
    assert.equal(await sim.owner(STAGED), "staging", "nothing changes before the confirmation");
    await screenshot(browser, "technician-confirm.png");
    await browser.keys("Enter");
    await screen(browser, "done", 30000);
    assert.equal(await browser.$('[data-testid="done-sentence"]').getText(), `${STAGED} now belongs to alice.`);
    await screenshot(browser, "technician-done.png");
    assert.equal(await sim.owner(STAGED), "alice");
    assert.equal(await sim.count("switch_user"), 1);
    const state = await sim.admin("GET", "state");
    const notes = state.devices.find((d) => d.serial_number === STAGED).notes.map((n) => n.note);
    assert.ok(notes.includes("Checked out to alice by tess with Baton"), JSON.stringify(notes));
    // Back: the device read fresh, now alice's, its history newest first.
    await browser.keys("Enter");
    await screen(browser, "device");
    await browser.waitUntil(async () => /alice/.test(await browser.$('[data-testid="card-owner"]').getText()), {
      timeout: 20000,
    });
  } finally {
    await close();
    sim.stop();
  }
  const log = logs(logDir);
  assert.ok(!log.includes(TESS), "the technician's password is in the log");
  assert.ok(/technician action done/.test(log) && /tess/.test(log), "the log audits the technician's action");
});

test("a person who is not a technician is refused at sign-in", async () => {
  const sim = await startSim();
  const { browser, close } = await launch({ args: ["--config", configFor(sim)], env });
  try {
    await screen(browser, "techsignin");
    await signIn(browser, "alice", "Alice-Pass-1");
    const code = await browser.$('[data-testid="support-code"]');
    await code.waitForExist({ timeout: 20000 });
    assert.equal(await code.getText(), "TECH-NOT-TECHNICIAN");
    await screen(browser, "techsignin");
    assert.equal(await browser.$("#tech-password").getValue(), "");
    await screenshot(browser, "technician-refused.png");
    assert.equal(await sim.count("switch_user"), 0);
  } finally {
    await close();
    sim.stop();
  }
});
