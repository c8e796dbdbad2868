import type { HandoffView } from "../bindings/HandoffView";

/** The value of `<main data-screen>`; tests and the e2e harness key on it. */
export type ScreenName = "checking" | "signin" | "working" | "done" | "problem" | "assigned" | "macpassword";

const NAMES: Record<HandoffView["screen"], ScreenName> = {
  checking: "checking",
  signIn: "signin",
  working: "working",
  done: "done",
  problem: "problem",
  assigned: "assigned",
  macPassword: "macpassword",
};

export function screenName(view: HandoffView): ScreenName {
  return NAMES[view.screen];
}
