#!/usr/bin/env node
// node tests/bench-bare/baton-page.mjs OUT [EXTRA_CSS]
//
// Makes a copy of Baton's built page (ui/dist) in OUT that the bare window can show
// (BENCH_BARE_PAGE=OUT, see src/main.rs), to measure what Baton's page costs apart from Baton's
// back end. A stand-in script answers the page's start-up commands as Baton does for the bench's
// demo configuration (the sign-in form, with the test-mode note), so the page shows the same
// sign-in form, and passes `form_ready` on in the shape the bare window takes. EXTRA_CSS, when
// given, is appended to the page's stylesheet (e.g. "input { box-shadow: none }" to see what a
// rule costs). Show it with Baton's content security policy, which allows the `data:` logo:
//
//   BENCH_BARE_CSP="$(node -p 'require("./src-tauri/tauri.conf.json").app.security.csp')" \
//   BENCH_BARE_FREEZE=1 BENCH_BARE_PAGE=OUT target/release/bench-bare
import { cpSync, readFileSync, readdirSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [out, extraCss] = process.argv.slice(2);
if (!out) {
  console.error("usage: baton-page.mjs OUT [EXTRA_CSS]");
  process.exit(2);
}
const dist = join(dirname(fileURLToPath(import.meta.url)), "../../ui/dist");
rmSync(out, { recursive: true, force: true });
cpSync(dist, out, { recursive: true });

const standIn = `// The stand-in for Baton's back end (tests/bench-bare/baton-page.mjs): IPC goes through fetch.
(() => {
  const realFetch = window.fetch.bind(window);
  const screen = {
    mode: "self-service", title: "Welcome to your new Mac",
    message: "Sign in with your Example account to finish setting up this Mac.", usernameLabel: null,
    accentColor: "#0A84FF", helpUrl: "https://help.example.test/new-mac", logo: null, identityOverride: "C02DEMO00001",
  };
  const answers = {
    get_startup: { kind: "ready", screen },
    get_view: { screen: "signIn", resume: false, problem: null, retryAfterSeconds: null },
    "plugin:event|listen": 1,
  };
  window.fetch = (url, init) => {
    const ipc = /^(?:ipc:\\/\\/localhost|http:\\/\\/ipc\\.localhost)\\/(.*)$/.exec(String(url));
    if (ipc && decodeURIComponent(ipc[1]) !== "form_ready") {
      const body = JSON.stringify(answers[decodeURIComponent(ipc[1])] ?? null);
      return Promise.resolve(new Response(body, { headers: { "Content-Type": "application/json", "Tauri-Response": "ok" } }));
    }
    // form_ready: Baton's marks ({name, epochMs}) as the bare window's [name, epoch ms] pairs.
    if (ipc) init = { ...init, body: JSON.stringify({ marks: JSON.parse(init.body).marks.map((m) => [m.name, m.epochMs]) }) };
    return realFetch(url, init);
  };
  // The first screen, as Baton's back end serves it with the page (crates/core/src/first_screen.rs).
  const block = document.createElement("script");
  block.type = "application/json";
  block.id = "first-screen";
  block.textContent = JSON.stringify({ languages: [...navigator.languages], startup: answers.get_startup, view: answers.get_view });
  document.head.append(block);
})();
`;
writeFileSync(join(out, "stand-in.js"), standIn);
const index = join(out, "index.html");
writeFileSync(index, readFileSync(index, "utf8").replace("<script type=\"module\"", "<script src=\"/stand-in.js\"></script>\n    <script type=\"module\""));
if (extraCss) {
  const css = readdirSync(join(out, "assets")).find((f) => /^index-.*\.css$/.test(f));
  appendFileSync(join(out, "assets", css), `\n${extraCss}\n`);
}
console.log(out);
