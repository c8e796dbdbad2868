// The self-service hand-off through Baton Relay on the real app binary under Xvfb, driven through
// WebDriver: the Mac (a device certificate from a throw-away CA) holds no UEM credential; the relay
// holds it, verifies the password against the simulator's directory and switches the device.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { freePort, launch, screenshot } from "./driver.mjs";
import { startSim } from "./sim.mjs";
import { UEM_CREDENTIAL_KEYS, makePki, startRelay, writeRelayAppConfig } from "./relay.mjs";

const SERIAL = "C02DEMO00001";
const BOBS = "C02DEMO00002";
const PASSWORD = "Alice-Pass-1";

async function screen(browser, name, timeout = 20000) {
  const main = await browser.$(`main[data-screen="${name}"]`);
  await main.waitForExist({ timeout, timeoutMsg: `screen ${name} never showed` });
  return main;
}

async function signIn(browser, username, password) {
  const user = await browser.$("input[autocomplete=username]");
  await user.waitForExist({ timeout: 20000 });
  await user.setValue(username);
  await browser.$("input[autocomplete=current-password]").setValue(password);
  assert.equal(await user.getValue(), username);
  await browser.$("button[type=submit]").click();
}

function keychainItem(service, account) {
  const found = spawnSync("secret-tool", ["lookup", "service", service, "username", account], { encoding: "utf8" });
  return found.status === 0 ? found.stdout : null;
}

/** A simulator, a PKI for `serial` and a relay in front of them; `run` gets all three. */
async function withRelay(serial, run) {
  const sim = await startSim();
  const pki = makePki(serial);
  let relay;
  try {
    relay = await startRelay(sim, pki);
    await run({ sim, pki, relay });
  } finally {
    relay?.stop();
    sim.stop();
    pki.remove();
  }
}

test("through the relay: a staged Mac without any UEM credential is handed to alice", async () => {
  await withRelay(SERIAL, async ({ sim, pki, relay }) => {
    spawnSync("secret-tool", ["clear", "service", "NoMAD", "username", "alice@EXAMPLE.TEST"]);
    const config = writeRelayAppConfig(pki, relay.url);
    const written = JSON.parse(readFileSync(config, "utf8"));
    for (const key of [...UEM_CREDENTIAL_KEYS, "UEMAPIURL", "UEMOAuthTokenURL", "LDAPURL", "TrustedCACertificates"]) {
      assert.ok(!(key in written), `the app's configuration has ${key}`);
    }
    const text = readFileSync(config, "utf8");
    assert.ok(!text.includes(sim.config.UEMOAuthClientSecret), "the app's configuration holds the UEM secret");
    assert.ok(!text.includes(new URL(sim.config.UEMAPIURL).host), "the app's configuration points at UEM");

    const { browser, logDir, close } = await launch({ args: ["--config", config], env: { BATON_DEVICE_SERIAL: SERIAL } });
    try {
      await screen(browser, "signin");
      await screenshot(browser, "relay-signin.png");
      await signIn(browser, "alice", PASSWORD);
      await screen(browser, "done", 30000);
      await screenshot(browser, "relay-done.png");
    } finally {
      await close();
    }
    assert.equal(await sim.owner(SERIAL), "alice");
    const log = await sim.admin("GET", "requests");
    const of = (route) => log.filter((r) => r.route === route);
    // The app knows neither UEM's address nor a credential: every UEM call, the token request
    // first, came from the relay with the relay's OAuth client.
    assert.ok(of("token").length >= 1, "nobody requested a UEM token");
    assert.equal(of("switch_user").length, 1);
    for (const r of log.filter((r) => r.route !== "ldap" && r.route !== "token")) {
      assert.equal(r.principal, `oauth:${sim.config.UEMOAuthClientID}`, `${r.method} ${r.path}`);
    }
    assert.ok(of("ldap").some((r) => r.method === "BIND"), "the relay verified the password over LDAPS");
    // The Keychain hand-off stays on the Mac, from the identity the relay answered with.
    assert.equal(keychainItem("NoMAD", "alice@EXAMPLE.TEST"), PASSWORD);
    const logs = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), "utf8")).join("");
    assert.ok(!logs.includes(PASSWORD), "the password is in the app's log");
  });
});

test("through the relay: a wrong password is refused on the sign-in screen (DIR-049), no switch", async () => {
  await withRelay(SERIAL, async ({ sim, pki, relay }) => {
    const config = writeRelayAppConfig(pki, relay.url);
    const { browser, close } = await launch({ args: ["--config", config], env: { BATON_DEVICE_SERIAL: SERIAL } });
    try {
      await screen(browser, "signin");
      await signIn(browser, "alice", "not-the-password");
      const code = await browser.$("[role=alert] [data-testid=support-code]");
      await code.waitForExist({ timeout: 20000, timeoutMsg: "no inline problem with a support code" });
      assert.equal(await code.getText(), "DIR-049");
      await screen(browser, "signin");
      await screenshot(browser, "relay-wrong-password.png");
    } finally {
      await close();
    }
    assert.equal(await sim.owner(SERIAL), "staging");
    assert.equal(await sim.count("switch_user"), 0);
  });
});

test("through the relay: someone else's Mac says so and is not switched", async () => {
  // bob's Mac, with a device certificate for its own serial. ADDomain (the realm of the Mac's
  // Keychain items) lets the app see that bob's items are missing here, so it asks for a sign-in
  // to finish setting up rather than calling the Mac already set up.
  await withRelay(BOBS, async ({ sim, pki, relay }) => {
    const config = writeRelayAppConfig(pki, relay.url, { ADDomain: "example.test" });
    const { browser, close } = await launch({ args: ["--config", config], env: { BATON_DEVICE_SERIAL: BOBS } });
    try {
      await screen(browser, "signin");
      const before = await sim.count("device_lookup");
      await signIn(browser, "alice", PASSWORD);
      await screen(browser, "problem", 30000);
      await screenshot(browser, "relay-not-yours.png");
      // The relay read the device afresh and refused (409, not on a staging user); the app
      // says whose Mac it is not, as in direct mode.
      assert.equal(await browser.$("[data-testid=support-code]").getText(), "FLOW-NOT-YOURS");
      assert.ok((await sim.count("device_lookup")) > before, "the relay did not look at the device");
    } finally {
      await close();
    }
    assert.equal(await sim.owner(BOBS), "bob");
    assert.equal(await sim.count("switch_user"), 0, "a PATCH was sent");
  });
});

test("through the relay: relay unreachable at launch, the window says so and carries on once it is up", async () => {
  const sim = await startSim();
  const pki = makePki(SERIAL);
  let relay;
  try {
    // Nothing listens on this port yet.
    const port = await freePort();
    const config = writeRelayAppConfig(pki, `https://127.0.0.1:${port}`);
    const { browser, close } = await launch({ args: ["--config", config], env: { BATON_DEVICE_SERIAL: SERIAL } });
    try {
      const offline = await browser.$(".progress.offline");
      await offline.waitForExist({ timeout: 20000, timeoutMsg: "the offline notice never showed" });
      assert.equal(await browser.$("main").getAttribute("data-screen"), "checking");
      await screenshot(browser, "relay-offline.png");
      await new Promise((r) => setTimeout(r, 3000));
      relay = await startRelay(sim, pki, { port });
      assert.equal(relay.url, `https://127.0.0.1:${port}`);
      // The flow retries by itself (2, 4, 8 s…): no click needed.
      await screen(browser, "signin", 30000);
      await screenshot(browser, "relay-back-online.png");
    } finally {
      await close();
    }
    assert.equal(await sim.owner(SERIAL), "staging");
  } finally {
    relay?.stop();
    sim.stop();
    pki.remove();
  }
});
