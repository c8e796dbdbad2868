// What every browser test file shares: a production build of one harness page, served with the
// app's own CSP on a free port, Debian's Chromium, a page per scenario that collects console
// errors, and axe-core.
import { after, before } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { mkdirSync, readFileSync, existsSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";
import { chromium } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";

const ui = resolve(fileURLToPath(import.meta.url), "../..");
const repo = resolve(ui, "..");
/** Where the screenshots go. */
export const shots = join(repo, "target/e2e/screens");
const csp = JSON.parse(readFileSync(join(repo, "src-tauri/tauri.conf.json"), "utf8")).app.security.csp;
const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml" };

/**
 * Registers the file's `before` (build `page`, e.g. `tests/harness.html`, into
 * `target/e2e/<outDir>`, serve it, start Chromium) and `after`; returns `open(scenario, options)`,
 * which opens `page?scenario=…` in a fresh context of `viewport` and resolves to
 * `{ page, errors, close }`.
 */
export function harnessPages({ page: html, outDir, viewport, deviceScaleFactor }) {
  const out = join(repo, "target/e2e", outDir);
  let server;
  let base;
  let browser;

  before(async () => {
    assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: apt-get install -y --no-install-recommends chromium`);
    await build({
      root: ui,
      configFile: join(ui, "vite.config.ts"),
      logLevel: "warn",
      build: { outDir: out, emptyOutDir: true, rolldownOptions: { input: join(ui, html) } },
    });
    mkdirSync(shots, { recursive: true });
    server = createServer((req, res) => {
      const path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
      if (path === "/favicon.ico") {
        res.writeHead(204).end(); // the app has none; Chromium asks anyway
        return;
      }
      const file = join(out, path);
      if (!file.startsWith(out) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "content-security-policy": csp,
      });
      res.end(readFileSync(file));
    });
    await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
    base = `http://127.0.0.1:${server.address().port}`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
  });

  after(async () => {
    await browser?.close();
    await new Promise((ok) => (server ? server.close(ok) : ok()));
  });

  /** Opens a scenario; returns the page and a list that collects console errors. */
  return async function open(scenario, { colorScheme = "light", locale = "en-US", reducedMotion = "reduce" } = {}) {
    const context = await browser.newContext({ colorScheme, locale, reducedMotion, viewport, deviceScaleFactor });
    const page = await context.newPage();
    const errors = [];
    page.on("console", (msg) => msg.type() === "error" && errors.push(msg.text()));
    page.on("pageerror", (err) => errors.push(String(err)));
    await page.goto(`${base}/${html}?scenario=${scenario}`);
    return { page, errors, close: () => context.close() };
  };
}

/** What the harness page recorded (`window.__harness`: calls, CSP violations). */
export async function harness(page) {
  return page.evaluate(() => window.__harness);
}

/** axe-core's violations on the page, one line each. */
export async function axe(page) {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary}`).join("; ")}`,
  );
}
