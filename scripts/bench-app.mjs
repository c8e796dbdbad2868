#!/usr/bin/env node
// Parts (2) and (3) of `npm run bench`, driven by scripts/bench-app.sh. Two modes:
//
//   node scripts/bench-app.mjs launch --app baton|bare --bin PATH --out FILE [--sim PATH --seed FILE
//        --branding FILE --serial SERIAL] [--expect-ready] [--settle-ms 5000] [--timeout-ms 30000]
//        [--log-dir DIR] [--run N] [--warmup] [--screenshot]
//     One cold launch, run inside scripts/with-gui.sh (private Xvfb, D-Bus, throw-away HOME). Starts
//     the UEM simulator first (Baton only), spawns the app and times, from the spawn:
//       - the "form ready: <ms> ms after process start" line on the app's stderr (the app's own
//         figure and the wall time until the line arrives);
//       - the first top-level window mapped on the display (`xev -root` MapNotify, event-driven;
//         `xdotool search --sync` polls only every 0.5 s, too coarse), checked afterwards to belong
//         to the app with `xdotool search --onlyvisible --pid`.
//     The form counts as ready at the log line; for Baton without --expect-ready (its UI does not
//     call `form_ready` yet) at the window mapped, and the result says which. --settle-ms after
//     that, it reads RSS and PSS (`/proc/PID/smaps_rollup`) of the app and all its descendants
//     (WebKitWebProcess, WebKitNetworkProcess, ...), found by walking `/proc/*/stat`. Then it
//     stops everything it started, by PID, and appends one JSON line to --out.
//
//   node scripts/bench-app.mjs report FILE
//     Prints the launches in FILE side by side: median [min–max] per figure. Asserts nothing.

import { spawn, execFile } from "node:child_process";
import { createWriteStream, openSync, readFileSync, readdirSync, writeFileSync, appendFileSync, mkdirSync, existsSync } from "node:fs";
import { basename, join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";

const READY_LINE = /form ready: ([0-9.]+) ms after process start/;
// The start-up trace (src-tauri/src/startup_trace.rs; the bare window's in the same words).
const TRACE_LINE = /start-up trace \(ms after process start\): (.*)$/;

/** "a 1.0 | b 2.5" → { a: 1, b: 2.5 } */
export function parseTrace(text) {
  const marks = {};
  for (const part of text.split(" | ")) {
    const m = /^(.+) (-?[0-9.]+)$/.exec(part.trim());
    if (m) marks[m[1]] = Number(m[2]);
  }
  return marks;
}

function parseArgs(argv) {
  const args = {};
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i].replace(/^--/, "");
    const next = argv[i + 1];
    if (next === undefined || next.startsWith("--")) args[key] = true;
    else args[key] = argv[++i];
  }
  return args;
}

// ---- /proc ---------------------------------------------------------------------------------

function readStat(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    return { pid, comm: stat.slice(stat.indexOf("(") + 1, close), state: fields[0], ppid: Number(fields[1]) };
  } catch {
    return null;
  }
}

function alive(pid) {
  const stat = readStat(pid);
  return stat !== null && stat.state !== "Z" && stat.state !== "X";
}

/** The pids of every descendant of `root` (children, their children, ...), from /proc/*\/stat. */
function descendants(root) {
  const children = new Map();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (!stat) continue;
    if (!children.has(stat.ppid)) children.set(stat.ppid, []);
    children.get(stat.ppid).push(stat.pid);
  }
  const found = [];
  const queue = [root];
  while (queue.length) {
    for (const child of children.get(queue.shift()) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

function processName(pid) {
  try {
    const argv0 = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0")[0];
    if (argv0) return basename(argv0);
  } catch {}
  return readStat(pid)?.comm ?? "?";
}

/** RSS and PSS in KiB from /proc/PID/smaps_rollup (null if the process is gone). */
function memory(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
    const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(text)?.[1] ?? NaN);
    return { rssKiB: field("Rss"), pssKiB: field("Pss") };
  } catch {
    return null;
  }
}

/** Processes whose environment names `marker` (the bench's own TMPDIR): what a launch left. */
export function processesWith(marker) {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/environ`, "utf8").includes(marker) && alive(Number(entry))) {
        found.push(Number(entry));
      }
    } catch {}
  }
  return found;
}

async function stop(pids, graceMs = 3000) {
  const targets = pids.filter(alive);
  for (const pid of targets) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {}
  }
  const deadline = performance.now() + graceMs;
  while (targets.some(alive) && performance.now() < deadline) await sleep(25);
  const stubborn = targets.filter(alive);
  for (const pid of stubborn) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {}
  }
  if (stubborn.length) await sleep(200);
  return stubborn;
}

// ---- one launch ----------------------------------------------------------------------------

async function waitFor(predicate, timeoutMs, stepMs = 10) {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    const value = predicate();
    if (value) return value;
    await sleep(stepMs);
  }
  return predicate();
}

function xdotoolWindows(pid) {
  return new Promise((resolve) => {
    execFile("xdotool", ["search", "--onlyvisible", "--pid", String(pid)], (err, stdout) =>
      resolve(err ? [] : stdout.trim().split(/\s+/).filter(Boolean).map(Number)),
    );
  });
}

async function launch(args) {
  const app = args.app;
  const timeoutMs = Number(args["timeout-ms"] ?? 30000);
  // WebKit's web process grows for a few seconds after the first paint (shaders compiled for each
// new kind of drawing, the caret blinking): read at 2 s, Baton's figure jumped between runs by
// ~20 MiB while the bare page's stayed flat; at 5 s both have settled.
const settleMs = Number(args["settle-ms"] ?? 5000);
  const expectReady = app === "bare" || Boolean(args["expect-ready"]);
  const work = join(process.env.HOME, "bench");
  mkdirSync(work, { recursive: true });
  const logDir = args["log-dir"] ?? work;
  mkdirSync(logDir, { recursive: true });
  const tag = `${app}-${args.run ?? "0"}`;
  const started = []; // pids we started ourselves
  const result = { app, run: args.run ?? null, warmup: Boolean(args.warmup) };

  // The display's top-level windows as they are mapped, before anything else starts.
  const xev = spawn("stdbuf", ["-oL", "xev", "-root", "-event", "substructure"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  started.push(xev.pid);
  const maps = [];
  let xevBuffer = "";
  xev.stdout.on("data", (chunk) => {
    const now = performance.now();
    xevBuffer += chunk;
    let m;
    const re = /MapNotify event[^\n]*\n[^\n]*window (0x[0-9a-f]+), override (YES|NO)/g;
    while ((m = re.exec(xevBuffer))) maps.push({ at: now, window: parseInt(m[1], 16), override: m[2] === "YES" });
    const last = xevBuffer.lastIndexOf("\n\n");
    if (last >= 0) xevBuffer = xevBuffer.slice(last + 2);
  });
  await sleep(300); // xev has connected and selected its events

  const env = { ...process.env, BATON_LOG_DIR: join(work, "log") };
  const appArgs = [];
  if (app === "baton") {
    const simConfig = join(work, "sim-config.json");
    const sim = spawn(args.sim, ["--seed", args.seed, "--config-out", simConfig], {
      stdio: ["ignore", "ignore", openSync(join(logDir, `${tag}-uem-sim.log`), "w")],
    });
    started.push(sim.pid);
    const ok = await waitFor(() => existsSync(simConfig), 15000, 20);
    if (!ok) throw new Error(`the UEM simulator did not write ${simConfig}`);
    const config = { ...JSON.parse(readFileSync(simConfig, "utf8")) };
    if (args.branding) Object.assign(config, JSON.parse(readFileSync(args.branding, "utf8")));
    const configPath = join(work, "config.json");
    writeFileSync(configPath, JSON.stringify(config, null, 2));
    env.BATON_DEVICE_SERIAL = args.serial ?? "C02DEMO00001";
    appArgs.push("--config", configPath);
  }

  // The launch.
  const appLog = createWriteStream(join(logDir, `${tag}.log`));
  const t0 = performance.now();
  const child = spawn(args.bin, appArgs, { env, stdio: ["ignore", "pipe", "pipe"] });
  started.push(child.pid);
  let exited = null;
  child.on("exit", (code, signal) => (exited = { code, signal, at: performance.now() - t0 }));
  let ready = null;
  let lineBuffer = "";
  const onOutput = (chunk) => {
    const now = performance.now();
    appLog.write(chunk);
    lineBuffer += chunk;
    const lines = lineBuffer.split("\n");
    lineBuffer = lines.pop();
    for (const line of lines) {
      const m = READY_LINE.exec(line);
      if (m && !ready) ready = { loggedMs: Number(m[1]), wallMs: now - t0 };
      const trace = TRACE_LINE.exec(line);
      if (trace && !result.trace) result.trace = parseTrace(trace[1]);
    }
  };
  child.stdout.on("data", onOutput);
  child.stderr.on("data", onOutput);

  const firstMap = () => maps.find((m) => !m.override && m.at >= t0);
  const done = () => ready || exited || (!expectReady && firstMap());
  await waitFor(done, timeoutMs);
  const map = firstMap();
  result.mappedMs = map ? map.at - t0 : null;
  if (ready) {
    result.measure = "form_ready";
    result.readyWallMs = ready.wallMs;
  } else if (map) {
    result.measure = expectReady ? `mapped (no form_ready line within ${timeoutMs} ms)` : "mapped";
    result.readyWallMs = result.mappedMs;
  } else {
    result.measure = exited ? `app exited (${JSON.stringify(exited)})` : "timed out";
    result.readyWallMs = null;
  }

  // Memory, a little after the form is ready.
  await sleep(settleMs);
  if (ready) result.loggedMs = ready.loggedMs; // also when it arrived during the settle time
  if (ready && result.measure !== "form_ready") result.lateReadyWallMs = ready.wallMs;
  if (args.screenshot && map) {
    // A picture of the window at the time of the memory reading (BENCH_SCREENSHOTS=1), to check by eye.
    await new Promise((resolve) =>
      execFile("import", ["-window", String(map.window), join(logDir, `${tag}.png`)], () => resolve()),
    );
  }
  const windows = await xdotoolWindows(child.pid);
  result.windowVerified = map ? windows.includes(map.window) : false;
  result.processes = [];
  if (!exited) {
    for (const pid of [child.pid, ...descendants(child.pid)]) {
      const mem = memory(pid);
      if (mem) result.processes.push({ pid, name: processName(pid), main: pid === child.pid, ...mem });
    }
  }
  result.exited = exited;

  // Stop everything we started, by PID: the app's descendants and the app, the simulator, xev.
  const tree = [...descendants(child.pid).reverse(), child.pid];
  await stop(tree);
  const left = await stop(started);
  appLog.end();
  result.killedHard = left;
  appendFileSync(args.out, JSON.stringify(result) + "\n");
}

// ---- report --------------------------------------------------------------------------------

function stats(values) {
  const v = values.filter((x) => typeof x === "number" && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = v.length >> 1;
  const median = v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  return { median, min: v[0], max: v[v.length - 1], n: v.length };
}

function fmt(s, unit = "", digits = 0, none = "n/a") {
  if (!s) return none;
  const f = (x) => x.toFixed(digits);
  return `${f(s.median)}${unit} [${f(s.min)}–${f(s.max)}] n=${s.n}`;
}

function table(rows, headers) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join("  ").trimEnd();
  return [line(headers), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function report(file) {
  const all = readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const runs = all.filter((r) => !r.warmup);
  const of = (app) => runs.filter((r) => r.app === app);
  const apps = ["baton", "bare"];
  const measures = (app) => [...new Set(of(app).map((r) => r.measure))].join(", ") || "n/a";
  const col = (fn) => apps.map((a) => fn(of(a)));

  console.log(`(2) cold start to an interactive form, ms from spawn — median [min–max] over n launches (warm-up launches dropped: ${all.length - runs.length})`);
  const readyLabel = (rs) => {
    const m = [...new Set(rs.map((r) => r.measure))];
    return m.map((x) => (x === "form_ready" ? "its form_ready log line" : `window mapped${x.slice(6)}`)).join(" / ");
  };
  console.log(
    table(
      [
        ["form ready, the app's own log (ms after process start)", ...col((rs) => fmt(stats(rs.map((r) => r.loggedMs)), " ms", 0, "n/a (not logged)"))],
        ["form painted, the page's first contentful paint (ms after process start)", ...col((rs) => fmt(stats(rs.map((r) => r.trace?.["form painted"])), " ms", 0, "n/a (not seen)"))],
        ["spawn → form ready line (wall; sent once the form is painted)", ...col((rs) => fmt(stats(rs.map((r) => r.readyWallMs)), " ms"))],
        ["  measured to", ...col(readyLabel)],
        ["spawn → window mapped (wall, both apps)", ...col((rs) => fmt(stats(rs.map((r) => r.mappedMs)), " ms"))],
        ["window checked to be the app's (xdotool --pid)", ...col((rs) => `${rs.filter((r) => r.windowVerified).length}/${rs.length}`)],
      ],
      ["", "Baton", "bare Tauri window"],
    ),
  );
  for (const app of apps) {
    if (measures(app).includes("mapped") && app === "baton") {
      console.log(
        "  Baton's UI does not call `form_ready` yet, so its start-up is measured to its window being mapped, which comes" +
          " before the form is interactive (the page is still loading). Compare it with the bare window's mapped figure.",
      );
    }
  }
  // Where the time goes: the start-up trace, each mark's median over the launches.
  const traced = (app) => of(app).filter((r) => r.trace);
  if (apps.some((a) => traced(a).length)) {
    const order = new Map();
    for (const app of apps) {
      for (const r of traced(app)) {
        for (const [name, ms] of Object.entries(r.trace)) order.set(name, Math.min(order.get(name) ?? Infinity, ms));
      }
    }
    const names = [...order.keys()].sort((a, b) => order.get(a) - order.get(b));
    const spawnToMain = (rs) =>
      fmt(stats(rs.filter((r) => r.measure === "form_ready" && r.loggedMs).map((r) => r.readyWallMs - r.loggedMs)), " ms", 0);
    console.log("\n(2a) start-up trace, ms after the process entered main() — median [min–max] over the launches");
    console.log(
      table(
        [
          ["(spawn → main(), wall minus the logged figure)", ...col(spawnToMain)],
          ...names.map((name) => [name, ...col((rs) => fmt(stats(rs.map((r) => r.trace?.[name])), " ms", 0, "—"))]),
        ],
        ["mark", "Baton", "bare Tauri window"],
      ),
    );
    // The page's own part, per launch: from the web view asking for the page to the form. The
    // part before it (window and web view start-up, the same code in both apps) falls into two
    // groups ~80 ms apart on this machine, launch by launch, in either app, so a median over a
    // few launches moves by tens of ms from batch to batch; these spans do not.
    const span = (from, to) => (rs) => fmt(stats(rs.map((r) => r.trace?.[to] - r.trace?.[from])), " ms", 0, "—");
    console.log("\n(2b) the page's own part, per launch — median [min–max]");
    console.log(
      table(
        [
          ["process start → page requested", ...col((rs) => fmt(stats(rs.map((r) => r.trace?.["page requested"])), " ms", 0, "—"))],
          ["page requested → form interactive", ...col(span("page requested", "form interactive"))],
          ["page requested → form painted", ...col(span("page requested", "form painted"))],
          ["form interactive → form painted", ...col(span("form interactive", "form painted"))],
        ],
        ["span", "Baton", "bare Tauri window"],
      ),
    );
  }
  const failed = runs.filter((r) => r.readyWallMs === null);
  for (const r of failed) console.log(`  ${r.app} run ${r.run}: ${r.measure}`);

  console.log("\n(3) memory of all the app's processes (the app and its descendants), MiB, 5 s after the form is ready (--settle-ms)");
  const mib = (kib) => kib / 1024;
  const label = (p) => (p.main ? "app process (baton / bench-bare)" : p.name);
  const names = [...new Set(runs.flatMap((r) => r.processes.map(label)))].sort((a, b) =>
    a.startsWith("app") ? -1 : b.startsWith("app") ? 1 : a.localeCompare(b),
  );
  const rows = [];
  for (const kind of ["rssKiB", "pssKiB"]) {
    const what = kind === "rssKiB" ? "RSS" : "PSS";
    for (const name of names) {
      rows.push([
        `${what} ${name}`,
        ...col((rs) => fmt(stats(rs.map((r) => r.processes.filter((p) => label(p) === name).reduce((s, p) => s + mib(p[kind]), 0) || undefined)), "", 1)),
      ]);
    }
    rows.push([`${what} total`, ...col((rs) => fmt(stats(rs.map((r) => (r.processes.length ? mib(r.processes.reduce((s, p) => s + p[kind], 0)) : undefined))), "", 1))]);
  }
  rows.push(["processes", ...col((rs) => [...new Set(rs.map((r) => r.processes.length))].join("/"))]);
  console.log(table(rows, ["", "Baton", "bare Tauri window"]));
  console.log("  RSS counts shared pages once per process, so its total overstates; PSS splits shared pages among the processes that map them.");

  const hard = runs.filter((r) => r.killedHard?.length);
  if (hard.length) console.log(`\n  ${hard.length} launch(es) needed SIGKILL after SIGTERM.`);
}

// ---- main ----------------------------------------------------------------------------------

const [mode, ...rest] = process.argv.slice(2);
if (mode === "launch") {
  await launch(parseArgs(rest));
} else if (mode === "report") {
  report(rest[0]);
} else if (mode === "leftovers") {
  // Processes that still carry the bench's TMPDIR in their environment; --kill stops them by PID.
  const marker = rest[0];
  const pids = processesWith(marker);
  for (const pid of pids) console.log(`${pid} ${processName(pid)}`);
  if (rest.includes("--kill") && pids.length) await stop(pids);
} else {
  console.error("usage: bench-app.mjs launch ... | report FILE | leftovers MARKER [--kill]");
  process.exit(2);
}
