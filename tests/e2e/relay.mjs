// Baton Relay for one test: a throw-away PKI (`uem-sim pki`: the CA, the relay's TLS certificate
// and one Mac's device certificate), the relay in front of a simulator from sim.mjs (SQLite in
// the PKI's folder), and the app's relay-mode configuration.
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { targetDir } from "./driver.mjs";
import { simBinary } from "./sim.mjs";

const relayBinary = process.env.BATON_RELAY ?? join(targetDir, "debug/baton-relay");

/** The UEM and directory keys: the relay's; a Mac in relay mode must hold none of them. */
export const UEM_CREDENTIAL_KEYS = ["UEMOAuthClientID", "UEMOAuthClientSecret", "UEMUsername", "UEMPassword", "UEMTenantCode"];

/** Writes a CA, the relay's certificate and a device certificate for `serial` to a new folder. */
export function makePki(serial) {
  const dir = mkdtempSync(join(tmpdir(), "baton-e2e-relay-"));
  const kiosk = execFileSync(simBinary, ["pki", "--out", dir, "--serial", serial, "--kiosk", "Front-Desk-1"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    timeout: 20000,
  }).trim();
  return {
    dir,
    serial,
    kiosk,
    ca: readFileSync(join(dir, "ca.pem"), "utf8"),
    file: (name) => join(dir, name),
    /** Deletes the keys, the relay's database and configuration. */
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Starts baton-relay for `sim` with `pki`, listening on 127.0.0.1:`port` (0: any free port), and
 * waits for the one line it prints when ready: its base URL. Returns { url, stop }.
 */
export async function startRelay(sim, pki, { port = 0 } = {}) {
  const path = join(pki.dir, "relay.json");
  const config = {
    ...sim.config,
    Listen: `127.0.0.1:${port}`,
    TLSCertificateFile: pki.file("relay.pem"),
    TLSKeyFile: pki.file("relay-key.pem"),
    DeviceCACertificates: [pki.ca],
    Kiosks: [{ Name: "Front-Desk-1", CertificateSHA256: pki.kiosk }],
    Database: `sqlite:${join(pki.dir, "relay.db")}`,
  };
  writeFileSync(path, JSON.stringify(config, null, 2), { mode: 0o600 });
  const child = spawn(relayBinary, ["--config", path], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error("baton-relay did not print its URL within 20 s"));
    }, 20000);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const newline = out.indexOf("\n");
      if (newline >= 0) {
        clearTimeout(timer);
        resolve(out.slice(0, newline).trim());
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`baton-relay exited with ${code} before it was ready`));
    });
  });
  // Nothing else is read from stdout; keep draining it so the relay never blocks on it.
  child.stdout.resume();
  return { url, stop: () => child.kill() };
}

/**
 * Writes the app's configuration for a Mac in relay mode: the relay's URL, its CA and the device
 * certificate, and `extra`; no UEM or directory key. Returns its path.
 */
export function writeRelayAppConfig(pki, url, extra = {}) {
  const path = join(pki.dir, "config.json");
  const config = {
    Title: "Welcome to your new Mac",
    Message: "Sign in to finish setting up this Mac.",
    RelayURL: url,
    RelayCACertificates: [pki.ca],
    RelayClientCertificateFile: pki.file("device.pem"),
    RelayClientKeyFile: pki.file("device-key.pem"),
    ...extra,
  };
  writeFileSync(path, JSON.stringify(config, null, 2));
  return path;
}
