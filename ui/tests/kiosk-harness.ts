// A scripted back end for the kiosk UI in a browser: `?scenario=NAME` picks what kiosk_view
// answers, and kiosk_scan / kiosk_submit / kiosk_next_person play what the desk would. Every
// command is recorded in window.__harness.calls.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { InvokeArgs } from "@tauri-apps/api/core";
import type { KioskDevice } from "../src/bindings/KioskDevice";
import type { KioskView } from "../src/bindings/KioskView";
import type { Startup } from "../src/bindings/Startup";
import type { StepState } from "../src/bindings/StepState";
import type { UserFacing } from "../src/bindings/UserFacing";

const READY: Startup = {
  kind: "ready",
  screen: {
    mode: "kiosk",
    title: "Example IT pickup desk",
    message: "",
    usernameLabel: null,
    accentColor: "#0a84ff",
    helpUrl: null,
    logo: null,
    identityOverride: null,
  },
};
const MAC: KioskDevice = { serial: "C02DEMO00001", model: "MacBook Air (M2, 2022)", assetTag: "A-0001" };
const BOBS: KioskDevice = { serial: "C02DEMO00002", model: "MacBook Air (M2, 2022)", assetTag: "A-0002" };
const WRONG_PASSWORD: UserFacing = {
  code: "DIR-049",
  summary: "The username or password is incorrect.",
  nextStep: "Check your username and password, then try again.",
  exit: "credentialsRejected",
};
const OFFLINE: UserFacing = {
  code: "UEM-OFFLINE",
  summary: "Baton could not reach Workspace ONE UEM.",
  nextStep: "Check the network connection and try again.",
  exit: "unreachable",
};

let session = 0;
const scan = (notice: Extract<KioskView, { screen: "scan" }>["notice"] = null): KioskView => ({
  screen: "scan",
  notice,
  session: ++session,
});
const signIn = (extra: Partial<Extract<KioskView, { screen: "signIn" }>> = {}): KioskView => ({
  screen: "signIn",
  device: MAC,
  problem: null,
  retryAfterSeconds: null,
  ...extra,
});
const working = (...states: StepState[]): KioskView => ({
  screen: "working",
  device: MAC,
  steps: (["verify", "assign", "sync"] as const).map((step, i) => ({ step, state: states[i] })),
});
const done: KioskView = { screen: "done", device: MAC, name: "Jane Doe" };

const SCENARIOS: Record<string, KioskView> = {
  scan: scan(),
  "scan-not-staged": scan({ kind: "notStaged", device: BOBS }),
  "scan-unknown": scan({ kind: "unknown", scanned: "C02NOSUCH01" }),
  "scan-not-enrolled": scan({ kind: "notEnrolled", device: { ...MAC, serial: "C02DEMO00003" } }),
  "scan-offline": scan({ kind: "problem", problem: OFFLINE }),
  "signin-looking-up": signIn({ device: null }),
  signin: signIn(),
  "signin-wrong-password": signIn({ problem: WRONG_PASSWORD }),
  working: working("done", "active", "pending"),
  done,
  problem: { screen: "problem", problem: OFFLINE },
};

interface Harness {
  calls: { cmd: string; args: InvokeArgs | undefined }[];
  csp: string[];
}
const harness: Harness = { calls: [], csp: [] };
(window as unknown as { __harness: Harness }).__harness = harness;
document.addEventListener("securitypolicyviolation", (e) =>
  harness.csp.push(`${e.violatedDirective}: ${e.blockedURI}`),
);

const start = SCENARIOS[new URLSearchParams(location.search).get("scenario") ?? "scan"] ?? SCENARIOS.scan;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function play(views: KioskView[], gap = 100) {
  for (const view of views) {
    await pause(gap);
    await emit("kiosk", view);
  }
}

mockIPC(
  (cmd, args) => {
    harness.calls.push({ cmd, args });
    switch (cmd) {
      case "get_startup":
        return READY;
      case "get_view":
        return { screen: "checking", detail: { kind: "starting" } };
      case "kiosk_view":
        return start;
      case "kiosk_scan": {
        const { code } = args as { code: string };
        if (code.trim().toUpperCase() === BOBS.serial) void play([scan({ kind: "notStaged", device: BOBS })], 50);
        else void play([signIn({ device: null }), signIn()], 80);
        return null;
      }
      case "kiosk_submit": {
        const { password } = args as { username: string; password: string };
        if (password === "wrong") void play([working("active", "pending", "pending"), signIn({ problem: WRONG_PASSWORD })]);
        else void play([working("active", "pending", "pending"), working("done", "active", "pending"), working("done", "done", "active"), done]);
        return null;
      }
      case "kiosk_next_person":
        void play([scan()], 10);
        return null;
      case "kiosk_exit":
        return false;
      default:
        return null;
    }
  },
  { shouldMockEvents: true },
);

await import("../src/main");
