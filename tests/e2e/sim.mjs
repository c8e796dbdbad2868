// Starts the UEM simulator binary (HTTPS API + LDAPS directory, demo tenant) for one test, and
// talks to its admin API (/_sim/…) over TLS, trusting its CA.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { request } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repo, targetDir } from "./driver.mjs";

export const simBinary = process.env.BATON_UEM_SIM ?? join(targetDir, "debug/uem-sim");

export async function startSim() {
  const dir = mkdtempSync(join(tmpdir(), "baton-e2e-sim-"));
  const simConfig = join(dir, "sim-config.json");
  const child = spawn(simBinary, ["--seed", join(repo, "tests/uem-sim/seeds/demo.json"), "--config-out", simConfig], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  const deadline = Date.now() + 20000;
  while (!existsSync(simConfig)) {
    if (child.exitCode !== null) throw new Error(`uem-sim exited with ${child.exitCode}`);
    if (Date.now() > deadline) throw new Error("uem-sim did not write its configuration");
    await new Promise((r) => setTimeout(r, 50));
  }
  const config = JSON.parse(readFileSync(simConfig, "utf8"));
  const ca = config.TrustedCACertificates[0];
  const base = new URL(config.UEMAPIURL);

  function admin(method, path, body) {
    return new Promise((resolve, reject) => {
      const req = request(
        { host: base.hostname, port: base.port, path: `/_sim/${path}`, method, ca, headers: { "content-type": "application/json" } },
        (res) => {
          let data = "";
          res.on("data", (c) => (data += c));
          res.on("end", () => {
            if (res.statusCode >= 400) return reject(new Error(`${method} /_sim/${path}: ${res.statusCode} ${data}`));
            resolve(data ? JSON.parse(data) : null);
          });
        },
      );
      req.on("error", reject);
      if (body !== undefined) req.write(JSON.stringify(body));
      req.end();
    });
  }

  /** Writes the app's configuration: the simulator's keys plus `extra`. */
  function writeConfig(extra = {}) {
    const path = join(dir, "config.json");
    writeFileSync(path, JSON.stringify({ ...config, Title: "Welcome to your new Mac", Message: "Sign in to finish setting up this Mac.", ...extra }, null, 2));
    return path;
  }

  return {
    dir,
    config,
    writeConfig,
    admin,
    async owner(serial) {
      const state = await admin("GET", "state");
      return state.devices.find((d) => d.serial_number === serial)?.user ?? null;
    },
    async count(route, method) {
      const log = await admin("GET", "requests");
      return log.filter((r) => r.route === route && (!method || r.method === method)).length;
    },
    stop() {
      child.kill();
    },
  };
}
