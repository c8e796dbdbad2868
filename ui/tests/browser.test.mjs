// The real UI (production build of the harness page, served with the app's own CSP) in Debian's
// Chromium, against the scripted back end of harness.ts. For every screen, in light and dark:
// 0 axe-core violations, no CSP violation, and a screenshot in target/e2e/screens/. Then the
// flows a person goes through, by keyboard.
//
// Run: npm run test:browser (needs /usr/bin/chromium: apt-get install chromium).
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { axe, harness, harnessPages, shots } from "./support.mjs";

const WINDOW = { width: 460, height: 560 }; // src-tauri/src/window.rs
/** [scenario in harness.ts, data-screen, screenshot name] */
const SCREENS = [
  ["checking", "checking", "checking"],
  ["checking-offline", "checking", "checking-offline"],
  ["signin", "signin", "signin"],
  ["signin-wrong-password", "signin", "signin-wrong-password"],
  ["signin-throttled", "signin", "signin-throttled"],
  ["signin-resume", "signin", "signin-resume"],
  ["working", "working", "working"],
  ["done", "done", "done"],
  ["problem", "problem", "problem"],
  ["problem-misconfigured", "problem", "problem-misconfigured"],
  ["assigned", "assigned", "assigned"],
  ["mac-password", "macpassword", "mac-password"],
  ["mac-password-wrong", "macpassword", "mac-password-wrong"],
];

const open = harnessPages({ page: "tests/harness.html", outDir: "harness", viewport: WINDOW, deviceScaleFactor: 2 });

for (const colorScheme of ["light", "dark"]) {
  describe(`every screen, ${colorScheme}`, () => {
    for (const [scenario, screen, name] of SCREENS) {
      test(`${name}: 0 axe violations, no CSP violation, screenshot`, async () => {
        const { page, errors, close } = await open(scenario, { colorScheme });
        try {
          await page.locator(`main[data-screen="${screen}"] h1`).first().waitFor();
          if (screen === "signin") await page.locator("#username").waitFor();
          if (screen === "macpassword") await page.locator("#mac-password").waitFor();
          const violations = await axe(page);
          await page.screenshot({ path: join(shots, `${name}-${colorScheme}.png`) });
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

describe("flows, by keyboard", () => {
  test("sign in: first field focused, Enter submits, progress, done; the password only in submit_credentials", async () => {
    const { page, errors, close } = await open("flow");
    const password = "Tr0ub4dor&3 — ü";
    try {
      await page.locator('main[data-screen="signin"]').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "username");
      await page.keyboard.type("jdoe");
      await page.keyboard.press("Tab");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "password");
      // Visible focus: the keyboard-focused field draws the focus ring.
      assert.equal(await page.locator("#password").evaluate((el) => getComputedStyle(el).outlineStyle), "solid");
      await page.keyboard.type(password);
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="working"]').waitFor();
      await page.locator('main[data-screen="done"]').waitFor();
      assert.equal(await page.locator("h1").textContent(), "You’re all set, Jane Doe");

      const calls = (await harness(page)).calls;
      const carrying = calls.filter((c) => JSON.stringify(c.args ?? null).includes(password));
      assert.deepEqual(carrying, [{ cmd: "submit_credentials", args: { username: "jdoe", password } }]);
      assert.ok(calls.some((c) => c.cmd === "username_entered" && c.args.username === "jdoe"));
      const stored = await page.evaluate(() => localStorage.length + sessionStorage.length);
      assert.equal(stored, 0);
      assert.ok(!(await page.content()).includes(password));
      await page.getByRole("button", { name: "Done" }).click();
      assert.equal((await harness(page)).quit, true);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("a wrong password comes back inline, with the password emptied and focused", async () => {
    const { page, close } = await open("signin");
    try {
      await page.locator("#username").fill("jdoe");
      await page.locator("#password").fill("wrong");
      await page.locator("#password").press("Enter");
      await page.getByText("The username or password is incorrect.").waitFor();
      assert.equal(await page.locator('main').getAttribute("data-screen"), "signin");
      assert.equal(await page.locator("#username").inputValue(), "jdoe");
      assert.equal(await page.locator("#password").inputValue(), "");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "password");
      assert.equal(await page.getByTestId("support-code").textContent(), "DIR-049");
    } finally {
      await close();
    }
  });

  test("sign in, then the Mac password: Enter submits it, done; each password only in its own call", async () => {
    const { page, errors, close } = await open("flow");
    const password = "partition-Tr0ub4dor&3";
    const macPassword = "M4c unlock — ß✓";
    try {
      await page.locator('main[data-screen="signin"]').waitFor();
      await page.keyboard.type("jdoe");
      await page.keyboard.press("Tab");
      await page.keyboard.type(password);
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="working"]').waitFor();
      await page.locator('main[data-screen="macpassword"]').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "mac-password");
      assert.equal(await page.locator("#mac-password").getAttribute("type"), "password");
      assert.equal(await page.locator("#mac-password").evaluate((el) => getComputedStyle(el).outlineStyle), "solid");
      await page.keyboard.type(macPassword);
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="working"]').waitFor();
      await page.locator('main[data-screen="done"]').waitFor();

      const calls = (await harness(page)).calls;
      const carrying = (secret) => calls.filter((c) => JSON.stringify(c.args ?? null).includes(secret));
      assert.deepEqual(carrying(password), [{ cmd: "submit_credentials", args: { username: "jdoe", password } }]);
      assert.deepEqual(carrying(macPassword), [{ cmd: "submit_mac_password", args: { password: macPassword } }]);
      assert.ok(!calls.some((c) => c.cmd === "skip_mac_password"));
      assert.equal(await page.evaluate(() => localStorage.length + sessionStorage.length), 0);
      const html = await page.content();
      assert.ok(!html.includes(password) && !html.includes(macPassword));
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("a wrong Mac password comes back inline, with the field emptied and focused", async () => {
    const { page, errors, close } = await open("mac-password");
    try {
      await page.locator("#mac-password").waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.id), "mac-password");
      await page.keyboard.type("wrong-mac");
      // Keyboard only: Tab goes field → Show password → Help → Skip → Continue; Space presses it.
      for (const [role, name] of [["checkbox", "Show password"], ["link", /Help/], ["button", "Skip"], ["button", "Continue"]]) {
        await page.keyboard.press("Tab");
        const target = page.getByRole(role, { name, exact: true });
        assert.ok(await target.evaluate((el) => el === document.activeElement), `Tab reaches ${role} ${name}`);
      }
      await page.keyboard.press("Space");
      await page.getByText("That is not the password of this Mac.").waitFor();
      assert.equal(await page.locator("main").getAttribute("data-screen"), "macpassword");
      assert.equal(await page.getByTestId("support-code").textContent(), "MACPW-WRONG");
      assert.equal(await page.locator("#mac-password").inputValue(), "");
      assert.equal(await page.locator("#mac-password").getAttribute("aria-invalid"), "true");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "mac-password");
      assert.deepEqual(await axe(page), []);
      // The right one next: on to done.
      await page.keyboard.type("right-mac");
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="done"]').waitFor();
      const sent = (await harness(page)).calls.filter((c) => c.cmd === "submit_mac_password");
      assert.deepEqual(sent.map((c) => c.args), [{ password: "wrong-mac" }, { password: "right-mac" }]);
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("Skip on the Mac password leads to done and sends no password", async () => {
    const { page, errors, close } = await open("mac-password");
    try {
      await page.locator("#mac-password").waitFor();
      await page.keyboard.type("typed-then-skipped");
      await page.getByRole("button", { name: "Skip" }).focus();
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="done"]').waitFor();
      const calls = (await harness(page)).calls;
      assert.ok(calls.some((c) => c.cmd === "skip_mac_password"));
      assert.ok(!calls.some((c) => c.cmd === "submit_mac_password"));
      assert.ok(!calls.some((c) => JSON.stringify(c.args ?? null).includes("typed-then-skipped")));
      assert.deepEqual(errors, []);
    } finally {
      await close();
    }
  });

  test("throttled: Continue is disabled while it counts down", async () => {
    const { page, close } = await open("signin");
    try {
      await page.locator("#username").fill("jdoe");
      await page.locator("#password").fill("throttle");
      await page.getByRole("button", { name: "Continue" }).click();
      await page.getByText(/Too many attempts — try again in \d+\ss/).waitFor();
      assert.equal(await page.getByRole("button", { name: "Continue" }).isDisabled(), true);
    } finally {
      await close();
    }
  });

  test("offline, then online: the countdown, then the sign-in form", async () => {
    const { page, close } = await open("offline-then-online");
    try {
      await page.getByText(/No connection — trying again in \d\ss/).waitFor();
      await page.locator('main[data-screen="signin"]').waitFor();
    } finally {
      await close();
    }
  });

  test("problem → Try again → sign-in", async () => {
    const { page, close } = await open("problem");
    try {
      await page.locator('main[data-screen="problem"]').waitFor();
      assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), "Try again");
      await page.keyboard.press("Enter");
      await page.locator('main[data-screen="signin"]').waitFor();
      assert.ok((await harness(page)).calls.some((c) => c.cmd === "retry"));
    } finally {
      await close();
    }
  });

  test("already set up: Close quits", async () => {
    const { page, close } = await open("assigned");
    try {
      await page.getByRole("button", { name: "Close" }).click();
      assert.equal((await harness(page)).quit, true);
    } finally {
      await close();
    }
  });

  test("reduced motion stops the spinner; without it, it turns", async () => {
    for (const [reducedMotion, expected] of [["reduce", "none"], ["no-preference", "spin"]]) {
      const { page, close } = await open("checking", { reducedMotion });
      try {
        await page.locator(".spin").waitFor();
        assert.equal(await page.locator(".spin").evaluate((el) => getComputedStyle(el).animationName), expected);
      } finally {
        await close();
      }
    }
  });

  /** [locale, lang, [scenario, a field's label in that language]...] */
  const LANGUAGE_SCREENS = [
    ["de-DE", "de", [["signin-wrong-password", "Benutzername"], ["mac-password-wrong", "Mac-Passwort"]]],
    ["ja-JP", "ja", [["signin-wrong-password", "ユーザ名"], ["mac-password-wrong", "Mac のパスワード"]]],
  ];
  for (const [locale, lang, screens] of LANGUAGE_SCREENS) {
    test(`speaks the OS language (${locale}) with 0 axe violations`, async () => {
      for (const [scenario, label] of screens) {
        for (const colorScheme of ["light", "dark"]) {
          const { page, close } = await open(scenario, { locale, colorScheme });
          try {
            await page.getByLabel(label, { exact: true }).waitFor();
            assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
            assert.deepEqual(await axe(page), [], `${scenario}, ${colorScheme}`);
            await page.screenshot({ path: join(shots, `${scenario}-${lang}-${colorScheme}.png`) });
          } finally {
            await close();
          }
        }
      }
    });
  }
});
