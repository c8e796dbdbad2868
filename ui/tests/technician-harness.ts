// A scripted back end for technician mode in a browser: `?scenario=NAME` picks what
// technician_view answers; the commands play a small tenant (a staged Mac, bob's Mac, people
// alice, alicia and bob) so a keyboard walk-through can go from sign-in to done. Every command is
// recorded in window.__harness.calls.
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { InvokeArgs } from "@tauri-apps/api/core";
import type { Startup } from "../src/bindings/Startup";
import type { TechnicianView } from "../src/bindings/TechnicianView";
import type { DeviceCard } from "../src/bindings/DeviceCard";
import type { PersonFound } from "../src/bindings/PersonFound";
import type { PendingAction } from "../src/bindings/PendingAction";
import type { UserFacing } from "../src/bindings/UserFacing";

const READY: Startup = {
  kind: "ready",
  screen: {
    mode: "technician",
    title: "Set up your Mac",
    message: "",
    usernameLabel: null,
    accentColor: "#0a84ff",
    helpUrl: null,
    logo: null,
    identityOverride: null,
  },
};
const NOT_TECHNICIAN: UserFacing = {
  code: "TECH-NOT-TECHNICIAN",
  summary: "This account may not use technician mode.",
  nextStep: "Sign in with a technician account, or ask IT to add you to a technicians group.",
  exit: "notAuthorised",
};
const NOT_FOUND: UserFacing = {
  code: "UEM-DEVICE-NOT-FOUND",
  summary: "This Mac was not found in Workspace ONE UEM.",
  nextStep: "Make sure the Mac has finished enrolling, then try again, or contact IT.",
  exit: "deviceNotFound",
};
const TECH = "tess";
const STAGED = "C02DEMO00001";
const BOBS = "C02DEMO00002";

const history = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    at: `2026-12-05T09:${String(59 - i).padStart(2, "0")}:00`,
    source: i % 3 === 0 ? "baton" : "uem",
    event: i % 3 === 0 ? "assign switched" : "Enrollment user changed",
    actor: i % 3 === 0 ? "tess (technician)" : null,
  }));
const card = (serial: string, owner: string | null, page = 0): DeviceCard => {
  const all = history(owner ? 14 : 3);
  return {
    serial,
    model: serial === STAGED ? "MacBook Pro (14-inch, 2023)" : "MacBook Air (M2, 2022)",
    assetNumber: serial === STAGED ? "A-0001" : "A-0002",
    enrolled: true,
    staged: owner === null,
    owner: owner ? { username: owner, displayName: owner === "bob" ? "Bob Brown" : "Alice Adams" } : null,
    lastSeen: "2026-12-05T13:54:41",
    history: all.slice(page * 10, page * 10 + 10),
    historyPage: page,
    historyPages: Math.max(1, Math.ceil(all.length / 10)),
    registration: serial === STAGED ? { state: "registered", usernames: ["alice"] } : { state: "notRegistered" },
  };
};
const PEOPLE: PersonFound[] = [
  { username: "alice", displayName: "Alice Adams", email: "alice@example.test", deviceCount: 0 },
  { username: "alicia", displayName: "Alicia Alvarez", email: "alicia@example.test", deviceCount: 1 },
  { username: "bob", displayName: "Bob Brown", email: "bob@example.test", deviceCount: 1 },
];
const signIn = (problem: UserFacing | null = null): TechnicianView => ({
  screen: "techsignin",
  problem,
  retryAfterSeconds: null,
});
const device = (c: DeviceCard | null, extra: Partial<Extract<TechnicianView, { screen: "device" }>> = {}): TechnicianView => ({
  screen: "device",
  technician: TECH,
  thisMac: STAGED,
  card: c,
  unknownSerial: null,
  problem: null,
  ...extra,
});
const searchView = (query: string): TechnicianView => ({
  screen: "search",
  technician: TECH,
  purpose: "assign",
  serial: STAGED,
  card: card(STAGED, null),
  query,
  results: query ? PEOPLE.filter((p) => `${p.username} ${p.displayName} ${p.email}`.toLowerCase().includes(query.toLowerCase())) : [],
  problem: null,
});
const ASSIGN: PendingAction = { kind: "assign", serial: STAGED, model: "MacBook Pro (14-inch, 2023)", from: null, to: PEOPLE[0] };

const SCENARIOS: Record<string, TechnicianView> = {
  techsignin: signIn(),
  "techsignin-refused": signIn(NOT_TECHNICIAN),
  device: device(card(STAGED, null)),
  "device-assigned": device(card(BOBS, "bob")),
  "device-unknown": device(null, { unknownSerial: "C02NEW000001", problem: NOT_FOUND }),
  "device-registration-unreadable": device({ ...card(BOBS, "bob"), registration: { state: "unreadable", code: "UEM-FORBIDDEN" } }),
  search: searchView("ali"),
  confirm: { screen: "confirm", technician: TECH, action: ASSIGN },
  working: {
    screen: "working",
    technician: TECH,
    action: ASSIGN,
    steps: [
      { step: "assign", state: "active" },
      { step: "sync", state: "pending" },
    ],
  },
  done: { screen: "done", technician: TECH, action: ASSIGN, confirmedOwner: "alice", unchanged: false },
};

interface Harness {
  calls: { cmd: string; args: InvokeArgs | undefined }[];
  csp: string[];
}
const harness: Harness = { calls: [], csp: [] };
(window as unknown as { __harness: Harness }).__harness = harness;
document.addEventListener("securitypolicyviolation", (e) => harness.csp.push(`${e.violatedDirective}: ${e.blockedURI}`));

let view: TechnicianView = SCENARIOS[new URLSearchParams(location.search).get("scenario") ?? "techsignin"] ?? signIn();
let pending: PendingAction = ASSIGN;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answer(cmd: string, args: InvokeArgs | undefined): Promise<TechnicianView> {
  const a = (args ?? {}) as { username?: string; password?: string; serial?: string; query?: string; page?: number };
  switch (cmd) {
    case "technician_view":
      return view;
    case "technician_sign_in":
      return a.username === TECH && a.password === "Tess-Pass-6" ? device(null) : signIn(NOT_TECHNICIAN);
    case "technician_look_up": {
      const serial = (a.serial || STAGED).toUpperCase();
      if (serial === STAGED) return device(card(STAGED, null));
      if (serial === BOBS) return device(card(BOBS, "bob"));
      return device(null, { unknownSerial: serial, problem: NOT_FOUND });
    }
    case "technician_history_page":
      return device(card(BOBS, "bob", a.page));
    case "technician_find_person":
      return searchView("");
    case "technician_search":
      return searchView(a.query ?? "");
    case "technician_choose":
      pending = {
        ...(ASSIGN as Extract<PendingAction, { kind: "assign" }>),
        to: PEOPLE.find((p) => p.username === a.username) ?? PEOPLE[0],
      };
      return { screen: "confirm", technician: TECH, action: pending };
    case "technician_ask_return":
      pending = { kind: "return", serial: BOBS, model: "MacBook Air (M2, 2022)", from: "bob" };
      return { screen: "confirm", technician: TECH, action: pending };
    case "technician_confirm":
      await emit("technician", { ...SCENARIOS.working, action: pending });
      await pause(300);
      return {
        screen: "done",
        technician: TECH,
        action: pending,
        confirmedOwner: pending.kind === "return" ? "staging" : pending.kind === "assign" ? pending.to.username : "",
        unchanged: false,
      };
    case "technician_back":
      return device(card(STAGED, pending.kind === "assign" ? pending.to.username : null));
    case "technician_sign_out":
      return signIn();
    default:
      return view;
  }
}

mockIPC(
  async (cmd, args) => {
    harness.calls.push({ cmd, args });
    if (cmd === "get_startup") return READY;
    if (cmd === "get_view") return { screen: "checking", detail: { kind: "starting" } };
    if (cmd.startsWith("technician_")) {
      view = await answer(cmd, args);
      return view;
    }
    return null;
  },
  { shouldMockEvents: true },
);

await import("../src/main");
