// A scripted back end for the real UI in a browser: `?scenario=NAME` picks what get_view answers
// and how submit_credentials/submit_mac_password/skip_mac_password/retry behave. Every command is
// recorded in window.__harness.calls so tests can check, for instance, that the password went into
// submit_credentials and nowhere else.
//
// A sign-in password that starts with "partition" plays a hand-off with partition IDs: after the
// Mac is assigned, Baton asks for the Mac password. The Mac password "wrong-mac" is refused.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { InvokeArgs } from "@tauri-apps/api/core";
import type { HandoffView } from "../src/bindings/HandoffView";
import type { Startup } from "../src/bindings/Startup";
import type { StepState } from "../src/bindings/StepState";
import type { UserFacing } from "../src/bindings/UserFacing";

const READY: Startup = {
  kind: "ready",
  screen: {
    mode: "self-service",
    title: "Welcome to Example",
    message: "Sign in with your Example account.",
    usernameLabel: null,
    accentColor: "#0a84ff",
    helpUrl: "https://help.example.test/mac",
    logo: null,
    identityOverride: null,
  },
};
const MISCONFIGURED: Startup = {
  kind: "misconfigured",
  problem: {
    code: "CFG-001",
    summary: "Baton is not set up correctly on this Mac.",
    nextStep:
      "Contact your IT department and mention the support code; they need to fix Baton's configuration profile.",
    exit: "usage",
  },
};
const WRONG_PASSWORD: UserFacing = {
  code: "DIR-049",
  summary: "The username or password is incorrect.",
  nextStep: "Check your username and password, then try again.",
  exit: "credentialsRejected",
};
const THROTTLED: UserFacing = {
  code: "DIR-429",
  summary: "Too many unsuccessful sign-in attempts.",
  nextStep: "Wait a few minutes, then try again.",
  exit: "throttled",
};
const OFFLINE: UserFacing = {
  code: "UEM-OFFLINE",
  summary: "Baton could not reach Workspace ONE UEM.",
  nextStep: "Check the network connection and try again.",
  exit: "unreachable",
};

const MAC_PASSWORD_EMPTY: UserFacing = {
  code: "MACPW-EMPTY",
  summary: "No Mac password was entered.",
  nextStep: "Enter the password you use to unlock this Mac.",
  exit: "keychainFailed",
};
const MAC_PASSWORD_WRONG: UserFacing = {
  code: "MACPW-WRONG",
  summary: "That is not the password of this Mac.",
  nextStep: "Enter the password you use to unlock this Mac, or choose Skip.",
  exit: "keychainFailed",
};

const macPassword = (problem: UserFacing | null = null): HandoffView => ({ screen: "macPassword", problem });
const signIn = (extra: Partial<Extract<HandoffView, { screen: "signIn" }>> = {}): HandoffView => ({
  screen: "signIn",
  resume: false,
  problem: null,
  retryAfterSeconds: null,
  ...extra,
});
const working = (...states: StepState[]): HandoffView => ({
  screen: "working",
  steps: (["verify", "assign", "saveSignIn", "sync"] as const).map((step, i) => ({ step, state: states[i] })),
});

/** What get_view answers first, per scenario (and the startup, when it is not READY). */
const SCENARIOS: Record<string, { startup?: Startup; view: HandoffView; then?: HandoffView[] }> = {
  flow: { view: { screen: "checking", detail: { kind: "lookingUpMac" } }, then: [signIn()] },
  checking: { view: { screen: "checking", detail: { kind: "lookingUpMac" } } },
  "checking-offline": {
    view: { screen: "checking", detail: { kind: "offline", retryInSeconds: 8, attempt: 2 } },
  },
  "offline-then-online": {
    view: { screen: "checking", detail: { kind: "offline", retryInSeconds: 1, attempt: 1 } },
    then: [{ screen: "checking", detail: { kind: "lookingUpMac" } }, signIn()],
  },
  signin: { view: signIn() },
  "signin-wrong-password": { view: signIn({ problem: WRONG_PASSWORD }) },
  "signin-throttled": { view: signIn({ problem: THROTTLED, retryAfterSeconds: 30 }) },
  "signin-resume": { view: signIn({ resume: true }) },
  working: { view: working("done", "active", "pending", "pending") },
  done: { view: { screen: "done", displayName: "Jane Doe" } },
  problem: { view: { screen: "problem", problem: OFFLINE, canRetry: true } },
  "problem-misconfigured": { startup: MISCONFIGURED, view: signIn() },
  assigned: { view: { screen: "assigned", displayName: "Jane Doe" } },
  "mac-password": { view: macPassword() },
  "mac-password-wrong": { view: macPassword(MAC_PASSWORD_WRONG) },
};

interface Harness {
  calls: { cmd: string; args: InvokeArgs | undefined }[];
  csp: string[];
  quit: boolean;
}
const harness: Harness = { calls: [], csp: [], quit: false };
(window as unknown as { __harness: Harness }).__harness = harness;
document.addEventListener("securitypolicyviolation", (e) =>
  harness.csp.push(`${e.violatedDirective}: ${e.blockedURI}`),
);

const scenario = SCENARIOS[new URLSearchParams(location.search).get("scenario") ?? "flow"] ?? SCENARIOS.flow;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const send = (view: HandoffView) => emit("handoff", view);

async function play(views: HandoffView[], gap = 250) {
  for (const view of views) {
    await pause(gap);
    await send(view);
  }
}

async function submit(args: InvokeArgs | undefined) {
  const { password } = args as { username: string; password: string };
  if (password === "wrong") {
    await play([working("active", "pending", "pending", "pending"), signIn({ problem: WRONG_PASSWORD })], 100);
  } else if (password.startsWith("partition")) {
    await play(
      [
        working("active", "pending", "pending", "pending"),
        working("done", "active", "pending", "pending"),
        working("done", "done", "pending", "pending"),
        macPassword(),
      ],
      120,
    );
  } else if (password === "throttle") {
    await play([signIn({ problem: THROTTLED, retryAfterSeconds: 30 })], 50);
  } else {
    await play(
      [
        working("active", "pending", "pending", "pending"),
        working("done", "active", "pending", "pending"),
        working("done", "done", "active", "pending"),
        working("done", "done", "done", "active"),
        { screen: "done", displayName: "Jane Doe" },
      ],
      120,
    );
  }
}

/** The rest of the hand-off once the Mac password was accepted or skipped. */
const saveAndSync = () =>
  play(
    [
      working("done", "done", "active", "pending"),
      working("done", "done", "done", "active"),
      { screen: "done", displayName: "Jane Doe" },
    ],
    120,
  );

async function submitMacPassword(args: InvokeArgs | undefined) {
  const { password } = args as { password: string };
  if (password === "") await play([macPassword(MAC_PASSWORD_EMPTY)], 50);
  else if (password === "wrong-mac") await play([macPassword(MAC_PASSWORD_WRONG)], 100);
  else await saveAndSync();
}

mockIPC(
  (cmd, args) => {
    harness.calls.push({ cmd, args });
    switch (cmd) {
      case "get_startup":
        return scenario.startup ?? READY;
      case "get_view":
        if (scenario.then) void play(scenario.then, 600);
        return scenario.view;
      case "submit_credentials":
        void submit(args);
        return null;
      case "submit_mac_password":
        void submitMacPassword(args);
        return null;
      case "skip_mac_password":
        void saveAndSync();
        return null;
      case "retry":
        void play([{ screen: "checking", detail: { kind: "lookingUpMac" } }, signIn()], 200);
        return null;
      case "quit":
        harness.quit = true;
        return null;
      default:
        return null;
    }
  },
  { shouldMockEvents: true },
);

await import("../src/main");
