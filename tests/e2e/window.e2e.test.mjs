// The real app binary in a real WebKitGTK window: it starts, renders the sign-in screen from the
// configuration through the typed IPC command, and a screenshot is kept in target/e2e/.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { launch, repo, screenshot } from "./driver.mjs";

const good = join(repo, "tests/fixtures/config/good.json");

test("the window shows the configured title and message", async () => {
  const { browser, logDir, close } = await launch({ args: ["--config", good] });
  try {
    const heading = await browser.$("h1");
    await heading.waitForExist({ timeout: 15000 });
    assert.equal(await heading.getText(), "Welcome to Example");
    assert.equal(await browser.$(".message").getText(), "Sign in with your Example account.");
    const main = await browser.$("main");
    assert.equal(await main.getAttribute("data-screen"), "signin");
    assert.equal(await browser.$("#password").getAttribute("type"), "password");
    await screenshot(browser, "window-signin.png");
  } finally {
    await close();
  }
  const logs = readdirSync(logDir).map((f) => readFileSync(join(logDir, f), "utf8")).join("");
  assert.match(logs, /Baton starting/);
  for (const secret of ["fixture-client-secret-8c1f", "fixture-tenant-code-77aa"]) {
    assert.ok(!logs.includes(secret), `log contains ${secret}`);
  }
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
