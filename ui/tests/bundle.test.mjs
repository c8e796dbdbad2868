// What the production build loads before the first screen (issue 15, start-up): the entry chunk
// and its static imports hold English (the fallback, and what lets an English first screen mount
// without waiting for a chunk) but no other catalogue and no mode's screens. Each of the eleven
// other languages is a chunk of its own, loaded only when it is the person's; technician and
// kiosk screens are chunks loaded only on a Mac set up for them. Fails when a static import pulls
// them back in, or English out.
//
// Run: npm run test:browser (it is part of it; no browser needed for this file).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const ui = resolve(fileURLToPath(import.meta.url), "../..");
const out = join(ui, "..", "target/e2e/bundle");
const LANGUAGES = ["de", "fr", "es", "it", "nl", "pt-BR", "sv", "da", "ja", "zh-Hans", "ko"];

let manifest;
let entryKey;

before(async () => {
  await build({
    root: ui,
    configFile: join(ui, "vite.config.ts"),
    logLevel: "warn",
    build: { outDir: out, emptyOutDir: true, manifest: true },
  });
  manifest = JSON.parse(readFileSync(join(out, ".vite/manifest.json"), "utf8"));
  entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
});

/** The chunks the page loads before anything runs: the entry and its static imports, transitively. */
function staticGraph() {
  const seen = new Set();
  const queue = [entryKey];
  while (queue.length) {
    const key = queue.shift();
    if (seen.has(key)) continue;
    seen.add(key);
    queue.push(...(manifest[key].imports ?? []));
  }
  return [...seen];
}

test("the entry is index.html", () => {
  assert.equal(entryKey, "index.html");
});

test("each language is a chunk of its own, loaded on demand", () => {
  const eager = staticGraph();
  for (const lng of LANGUAGES) {
    const key = `src/locales/${lng}.ts`;
    assert.ok(manifest[key], `${key} is no chunk of its own`);
    assert.equal(manifest[key].isDynamicEntry, true, `${key} is not loaded on demand`);
    assert.ok(!eager.includes(key), `${key} is loaded before the first screen`);
  }
});

test("technician and kiosk screens are loaded only in their modes", () => {
  const eager = staticGraph();
  for (const key of ["src/modes/technician/Shell.svelte", "src/modes/kiosk/Kiosk.svelte"]) {
    assert.equal(manifest[key]?.isDynamicEntry, true, `${key} is not loaded on demand`);
    assert.ok(!eager.includes(key), `${key} is loaded before the first screen`);
  }
});

test("English is loaded with the page, and no other catalogue is", () => {
  const code = staticGraph()
    .map((key) => readFileSync(join(out, manifest[key].file), "utf8"))
    .join("\n");
  assert.ok(!manifest["src/locales/en.ts"]?.isDynamicEntry, "English is loaded on demand");
  assert.ok(code.includes("Check your username and password"), "English is not in the code loaded before the first screen");
  // A word of German, of Japanese and of German technician mode (English, technician and kiosk
  // sentences included, is one catalogue).
  for (const words of ["Schließen", "閉じる", "Als Techniker anmelden"]) {
    assert.ok(!code.includes(words), `"${words}" is in the code loaded before the first screen`);
  }
});
