// The kiosk UI (production build of the kiosk harness page, served with the app's own CSP) in
// Debian's Chromium, against the scripted desk of kiosk-harness.ts. For every kiosk screen, in
// light and dark: 0 axe-core violations, no CSP violation, and a screenshot in
// target/e2e/screens/kiosk-*. Then the desk by keyboard.
//
// Run: npm run test:browser (needs /usr/bin/chromium).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axe, harnessPages, shots } from "./support.mjs";

/** A pickup desk is full screen: a small laptop screen. */
const SCREEN = { width: 1280, height: 800 };
/** [scenario in kiosk-harness.ts, data-screen] */
const SCREENS = [
  ["scan", "scan"],
  ["scan-not-staged", "scan"],
  ["scan-unknown", "scan"],
  ["scan-not-enrolled", "scan"],
  ["scan-offline", "scan"],
  ["signin-looking-up", "signin"],
  ["signin", "signin"],
  ["signin-wrong-password", "signin"],
  ["working", "working"],
  ["done", "done"],
  ["problem", "problem"],
];

const open = harnessPages({ page: "tests/kiosk-harness.html", outDir: "kiosk-harness", viewport: SCREEN });

const calls = (page) => page.evaluate(() => window.__harness.calls);

for (const colorScheme of ["light", "dark"]) {
  describe(`every kiosk screen, ${colorScheme}`, () => {
    for (const [scenario, screen] of SCREENS) {
      test(`${scenario}: 0 axe violations, no CSP violation, screenshot`, async () => {
        const { page, errors, close } = await open(scenario, { colorScheme });
        try {
          await page.locator(`main[data-mode="kiosk"][data-screen="${screen}"] h1`).first().waitFor();
          const violations = await axe(page);
          await page.screenshot({ path: join(shots, `kiosk-${scenario}-${colorScheme}.png`) });
          assert.deepEqual(violations, []);
          assert.deepEqual(await page.evaluate(() => window.__harness.csp), []);
          assert.deepEqual(errors, []);
        } finally {
          await close();
        }
      });
    }
  });
}

describe("the desk, by keyboard", () => {
  test("scan field focused with autocomplete off; Enter looks up, sign in, receipt, next person empties every field", async () => {
    const { page, errors, close } = await open("scan");
    try {
      await page.locator('main[data-screen="scan"]').waitFor();
      const field = page.locator('input[name="serial"]');
      assert.equal(await field.getAttribute("autocomplete"), "off");
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("name")), "serial");
      await page.keyboard.type("c02demo00001");
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="signin"]').waitFor();
      await page.getByText("MacBook Air (M2, 2022) · C02DEMO00001").waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "username");
      await page.keyboard.type("jdoe");
      await page.keyboard.press("Tab");
      await page.keyboard.type("Correct-Horse-9");
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="done"]').waitFor();
      await page.getByText("MacBook Air (M2, 2022) · C02DEMO00001 is now yours, Jane Doe.").waitFor();
      const sent = (await calls(page)).filter((c) => JSON.stringify(c.args ?? {}).includes("Correct-Horse-9"));
      assert.deepEqual(sent.map((c) => c.cmd), ["kiosk_submit"], "the password went only into kiosk_submit");
      // "Next person" is focused: Enter returns to an empty scan field.
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="scan"]').waitFor();
      assert.equal(await page.locator('input[name="serial"]').inputValue(), "");
      assert.equal(await page.locator("input").count(), 1, "no field of the last person is left");
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("someone else's Mac gets a sentence in an alert, never the form", async () => {
    const { page, close } = await open("scan");
    try {
      await page.locator('input[name="serial"]').fill("C02DEMO00002");
      await page.keyboard.press("Enter");
      await page.locator('[role="alert"]', { hasText: "already belongs to someone else" }).waitFor();
      assert.equal(await page.locator('main[data-screen="scan"]').count(), 1);
      assert.equal(await page.locator('input[name="serial"]').inputValue(), "");
    } finally {
      await close();
    }
  });

  test("a wrong password stays on the form with the problem and the username", async () => {
    const { page, close } = await open("signin");
    try {
      await page.locator("#username").fill("jdoe");
      await page.locator("#password").fill("wrong");
      await page.keyboard.press("Enter");
      await page.locator('[role="alert"]', { hasText: "The username or password is incorrect." }).waitFor();
      assert.equal(await page.locator("#username").inputValue(), "jdoe");
      assert.equal(await page.locator("#password").inputValue(), "");
    } finally {
      await close();
    }
  });

  test("IT's exit (Ctrl+Alt+Shift+E) asks for the secret; a wrong one keeps the desk", async () => {
    const { page, close } = await open("scan");
    try {
      await page.locator('main[data-screen="scan"]').waitFor();
      await page.keyboard.press("Control+Alt+Shift+KeyE");
      await page.locator('[role="dialog"]').waitFor();
      await page.keyboard.type("guess");
      await page.keyboard.press("Enter");
      await page.locator('[role="alert"]', { hasText: "That is not the exit secret." }).waitFor();
      const exits = (await calls(page)).filter((c) => c.cmd === "kiosk_exit");
      assert.equal(exits.length, 1);
    } finally {
      await close();
    }
  });
});
