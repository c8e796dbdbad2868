// Starts tauri-driver (which starts WebKitWebDriver) on a free port and opens a WebDriver
// session on the real Baton binary. Used by every end-to-end test.
import { spawn } from "node:child_process";
import { createServer, connect } from "node:net";
import { mkdtempSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { remote } from "webdriverio";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
/** Cargo's build output: CARGO_TARGET_DIR when set (relative to the repository, as the scripts
 *  run cargo there), else target/. */
export const targetDir = resolve(repo, process.env.CARGO_TARGET_DIR || "target");
export const app = process.env.BATON_APP ?? join(targetDir, "debug/baton");
export const screenshots = join(repo, "target/e2e");

export function freePort() {
  return new Promise((res, rej) => {
    const server = createServer();
    server.unref();
    server.on("error", rej);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => res(port));
    });
  });
}

async function waitForPort(port, child, ms = 20000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`tauri-driver exited with ${child.exitCode}`);
    const ok = await new Promise((res) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => { socket.destroy(); res(true); });
      socket.once("error", () => res(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`tauri-driver did not listen on ${port}`);
}

/**
 * Opens the app with `args` and `env` (merged into this process's environment) and returns
 * { browser, logDir, close }.
 */
export async function launch({ args = [], env = {} } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const logDir = mkdtempSync(join(tmpdir(), "baton-e2e-logs-"));
  const driver = spawn("tauri-driver", ["--port", String(port), "--native-port", String(nativePort)], {
    env: { ...process.env, BATON_LOG_DIR: logDir, ...env },
    stdio: ["ignore", "inherit", "inherit"],
  });
  await waitForPort(port, driver);
  let browser;
  try {
    browser = await remote({
      hostname: "127.0.0.1",
      port,
      logLevel: "warn",
      capabilities: { "tauri:options": { application: app, args } },
    });
  } catch (error) {
    driver.kill();
    throw error;
  }
  mkdirSync(screenshots, { recursive: true });
  // A script that never calls back (e.g. no animation frame) fails after 10 s instead of hanging.
  await browser.setTimeout({ script: 10000 });
  return {
    browser,
    logDir,
    /** Ends the session; if WebKitWebDriver does not answer within 15 s, the driver is stopped
     *  anyway, so one stuck session cannot hang the whole run. SIGTERM, not SIGKILL: tauri-driver
     *  stops its WebKitWebDriver on the way out, and an orphaned one would hold the test file's
     *  output pipe open so that `node --test` never finishes. */
    async close() {
      let timer;
      const stuck = new Promise((resolve) => {
        timer = setTimeout(() => {
          console.error("e2e: deleteSession did not answer within 15 s; killing the driver");
          resolve();
        }, 15000);
      });
      try {
        await Promise.race([browser.deleteSession().catch(() => {}), stuck]);
      } finally {
        clearTimeout(timer);
        driver.kill();
        await killLeftovers(logDir);
      }
    },
  };
}

/**
 * Stops every process still carrying this session's BATON_LOG_DIR (the app and anything it
 * started): when WebKitWebDriver goes away before it closed the window, the app is re-parented
 * to init and keeps the test file's output pipe open, and `node --test` would never finish.
 */
async function killLeftovers(logDir) {
  const marker = `BATON_LOG_DIR=${logDir}\0`;
  const carrying = () =>
    readdirSync("/proc")
      .filter((name) => /^\d+$/.test(name) && Number(name) !== process.pid)
      .filter((pid) => {
        try {
          return readFileSync(`/proc/${pid}/environ`, "latin1").includes(marker);
        } catch {
          return false; // gone, or not ours to read
        }
      })
      .map(Number);
  for (let attempt = 0; attempt < 20; attempt++) {
    const left = carrying();
    if (left.length === 0) return;
    for (const pid of left) {
      try {
        process.kill(pid, attempt < 10 ? "SIGTERM" : "SIGKILL");
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.error(`e2e: processes of ${logDir} survived SIGKILL`);
}

/** Saves a screenshot once the page has painted its current state (two animation frames). */
export async function screenshot(browser, name) {
  await browser.executeAsync((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
  await browser.pause(150);
  await browser.saveScreenshot(join(screenshots, name));
}
