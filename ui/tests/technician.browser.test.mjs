// Technician mode's screens (the real UI, production build of technician-harness.html, served
// with the app's own CSP) in Debian's Chromium, against the scripted back end of
// technician-harness.ts: every screen in light and dark with 0 axe-core violations, no CSP
// violation and a screenshot in target/e2e/screens/technician-*.png; then the walk-through by
// keyboard only.
//
// Run: node --test --test-concurrency=1 tests/technician.browser.test.mjs (needs /usr/bin/chromium).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axe, harness, harnessPages, shots } from "./support.mjs";

const WINDOW = { width: 820, height: 680 }; // src-tauri/src/technician.rs (make_resizable)
/** [scenario in technician-harness.ts, data-screen] */
const SCREENS = [
  ["techsignin", "techsignin"],
  ["techsignin-refused", "techsignin"],
  ["device", "device"],
  ["device-assigned", "device"],
  ["device-unknown", "device"],
  ["device-registration-unreadable", "device"],
  ["search", "search"],
  ["confirm", "confirm"],
  ["working", "working"],
  ["done", "done"],
];

const open = harnessPages({ page: "tests/technician-harness.html", outDir: "harness-technician", viewport: WINDOW, deviceScaleFactor: 2 });

const screenOf = (page) => page.locator("main[data-mode=technician]").getAttribute("data-screen");

for (const colorScheme of ["light", "dark"]) {
  describe(`technician screens, ${colorScheme}`, () => {
    for (const [scenario, screen] of SCREENS) {
      test(`${scenario}: 0 axe violations, no CSP violation, screenshot`, async () => {
        const { page, errors, close } = await open(scenario, { colorScheme });
        try {
          await page.locator(`main[data-mode="technician"][data-screen="${screen}"] [data-screen="${screen}"] h1`).first().waitFor();
          if (scenario === "search") await page.locator("#person-0").waitFor();
          const violations = await axe(page);
          await page.screenshot({ path: join(shots, `technician-${scenario}-${colorScheme}.png`), fullPage: true });
          assert.deepEqual(violations, []);
          assert.deepEqual((await harness(page)).csp, []);
          assert.deepEqual(errors, []);
        } finally {
          await close();
        }
      });
    }
  });
}

describe("technician walk-through", () => {
  test("by keyboard only: sign in, look a serial up, search, arrows + Enter, confirm, done; the password only in technician_sign_in", async () => {
    const { page, errors, close } = await open("techsignin");
    try {
      const key = (k) => page.keyboard.press(k);
      await page.locator("#tech-username").waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "tech-username");
      await page.keyboard.type("tess");
      await key("Tab");
      await page.keyboard.type("Tess-Pass-6");
      await key("Enter");
      await page.locator('main[data-screen="device"]').waitFor();
      assert.equal(await page.locator('[data-testid="technician"]').textContent(), "Signed in as tess");
      // The serial field has the focus: a scanner types and presses Enter.
      assert.equal(await page.evaluate(() => document.activeElement?.id), "serial");
      await page.keyboard.type("c02demo00001");
      await key("Enter");
      await page.locator('[data-testid="card-serial"]').waitFor();
      assert.equal(await page.locator('[data-testid="card-owner"]').textContent(), "Staging (ready to be assigned)");
      assert.equal(await page.locator('[data-testid="card-registration"]').textContent(), "Registered to alice");
      // Focus is on the card's heading; the next Tab stop is "Assign to a person".
      await key("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Assign to a person");
      await key("Enter");
      await page.locator('main[data-screen="search"]').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("type")), "search");
      await page.keyboard.type("ali");
      await page.locator("#person-1").waitFor();
      assert.equal(await page.locator("#person").getAttribute("aria-activedescendant"), "person-0");
      await key("ArrowDown");
      assert.equal(await page.locator("#person").getAttribute("aria-activedescendant"), "person-1");
      assert.equal(await page.locator("#person-1").getAttribute("aria-selected"), "true");
      await key("Enter");
      await page.locator('main[data-screen="confirm"]').waitFor();
      assert.equal(
        await page.locator('[data-testid="confirm-sentence"]').textContent(),
        "Assign MacBook Pro (14-inch, 2023) · C02DEMO00001 from staging to Alicia Alvarez (alicia)?",
      );
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Assign");
      await key("Enter");
      await page.locator('main[data-screen="done"]').waitFor();
      assert.equal(await page.locator('[data-testid="done-sentence"]').textContent(), "C02DEMO00001 now belongs to alicia.");
      const calls = (await harness(page)).calls;
      const withPassword = calls.filter((c) => JSON.stringify(c.args ?? {}).includes("Tess-Pass-6"));
      assert.deepEqual(withPassword.map((c) => c.cmd), ["technician_sign_in"]);
      assert.ok(calls.some((c) => c.cmd === "technician_confirm"));
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("a refused sign-in shows the plain sentence and the support code", async () => {
    const { page, close } = await open("techsignin");
    try {
      await page.locator("#tech-username").fill("alice");
      await page.locator("#tech-password").fill("Alice-Pass-1");
      await page.keyboard.press("Enter");
      await page.locator('[data-testid="support-code"]').waitFor();
      assert.equal(await page.locator('[data-testid="support-code"]').textContent(), "TECH-NOT-TECHNICIAN");
      assert.equal(await page.locator("#tech-password").inputValue(), "");
    } finally {
      await close();
    }
  });

  test("the card names the owner and says whether the serial is registered, or that it could not be read", async () => {
    const { page, close } = await open("device-assigned");
    try {
      await page.locator('[data-testid="card-owner"]').waitFor();
      assert.equal(await page.locator('[data-testid="card-owner"]').textContent(), "Bob Brown (bob)");
      assert.equal(await page.locator('[data-testid="card-registration"]').textContent(), "None");
    } finally {
      await close();
    }
    const unreadable = await open("device-registration-unreadable");
    try {
      await unreadable.page.locator('[data-testid="card-registration"]').waitFor();
      assert.equal(
        await unreadable.page.locator('[data-testid="card-registration"]').textContent(),
        "Could not be read (support code UEM-FORBIDDEN)",
      );
      assert.equal(await unreadable.page.locator('[data-testid="card-owner"]').textContent(), "Bob Brown (bob)");
    } finally {
      await unreadable.close();
    }
  });

  test("the history is paged and Sign out goes back to sign-in", async () => {
    const { page, close } = await open("device-assigned");
    try {
      await page.getByRole("button", { name: "Older" }).click();
      await page.getByText("Page 2 of 2").waitFor();
      await page.getByRole("button", { name: "Sign out" }).click();
      await page.locator('main[data-screen="techsignin"]').waitFor();
    } finally {
      await close();
    }
  });

  test("German: the technician screens speak it with 0 axe violations", async () => {
    const { page, close } = await open("device", { locale: "de-DE" });
    try {
      await page.getByRole("button", { name: "Einer Person zuweisen" }).waitFor();
      assert.deepEqual(await axe(page), []);
      await page.screenshot({ path: join(shots, "technician-device-de-light.png"), fullPage: true });
    } finally {
      await close();
    }
  });
});
