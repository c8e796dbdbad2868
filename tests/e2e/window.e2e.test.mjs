// The real app binary in a real WebKitGTK window: it starts, renders the sign-in screen from the
// configuration through the typed IPC command, and a screenshot is kept in target/e2e/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { launch, repo, screenshot } from "./driver.mjs";
import { startSim } from "./sim.mjs";

const readLogs = (logDir) => readdirSync(logDir).map((f) => readFileSync(join(logDir, f), "utf8")).join("");

/** The first match of `pattern` in the app's log, waiting up to 10 s for it to be written. */
async function waitForLog(logDir, pattern) {
  for (let i = 0; i < 100; i++) {
    const found = pattern.exec(readLogs(logDir));
    if (found) return found[1];
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  assert.fail(`${pattern} is not in the log`);
}

test("the window shows the configured title and message", async () => {
  const sim = await startSim();
  const config = sim.writeConfig({
    Title: { en: "Welcome to Example", de: "Willkommen bei Example" },
    Message: "Sign in with your Example account.",
  });
  const { browser, logDir, close } = await launch({ args: ["--config", config], env: { BATON_DEVICE_SERIAL: "C02DEMO00001" } });
  try {
    const main = await browser.$('main[data-screen="signin"]');
    await main.waitForExist({ timeout: 20000 });
    assert.equal(await browser.$("h1").getText(), "Welcome to Example");
    assert.match(await main.getText(), /Sign in with your Example account\./);
    assert.equal(await browser.$("input[autocomplete=current-password]").getAttribute("type"), "password");
    await screenshot(browser, "window-signin.png");
    // The page showed the first screen served with it, without asking get_startup (its languages
    // were the ones the back end expected of WebKitGTK): the trace has the page's "first view"
    // and no "first IPC answered".
    const trace = await waitForLog(logDir, /start-up trace \(ms after process start\): (.*)/);
    assert.match(trace, /first screen served/);
    assert.match(trace, /first view/);
    assert.doesNotMatch(trace, /first IPC/);
  } finally {
    await close();
    sim.stop();
  }
  const logs = readLogs(logDir);
  assert.match(logs, /Baton starting/);
  assert.ok(!logs.includes(sim.config.UEMOAuthClientSecret), "the log contains the OAuth client secret");
});

test("a broken configuration shows a problem screen with its support code", async () => {
  const { browser, close } = await launch({ args: ["--config", join(repo, "tests/fixtures/config/bad.json")] });
  try {
    const code = await browser.$("[data-testid=support-code]");
    await code.waitForExist({ timeout: 15000 });
    assert.equal(await code.getText(), "CFG-001");
    assert.equal(await browser.$("main").getAttribute("data-screen"), "problem");
    await screenshot(browser, "window-problem.png");
  } finally {
    await close();
  }
});
