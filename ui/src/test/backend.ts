// A scripted back end for component tests: records every command, answers get_startup/get_view,
// and pushes views as `handoff` events through Tauri's mocked event system.
import { tick } from "svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";
import type { InvokeArgs } from "@tauri-apps/api/core";
import { HANDOFF_EVENT } from "../lib/api";
import type { Startup } from "../bindings/Startup";
import type { HandoffView } from "../bindings/HandoffView";
import type { UserFacing } from "../bindings/UserFacing";
import type { SignInScreen } from "../bindings/SignInScreen";

export interface Call {
  cmd: string;
  args: InvokeArgs | undefined;
}

export const BRANDING: SignInScreen = {
  mode: "self-service",
  title: "Welcome to Example",
  message: "Sign in with your Example account.",
  usernameLabel: null,
  accentColor: "#0a84ff",
  helpUrl: "https://help.example.test/mac",
  logo: null,
  identityOverride: null,
};

export const READY: Startup = { kind: "ready", screen: BRANDING };

export const SIGN_IN: HandoffView = { screen: "signIn", resume: false, problem: null, retryAfterSeconds: null };

export const WRONG_PASSWORD: UserFacing = {
  code: "DIR-049",
  summary: "The username or password is incorrect.",
  nextStep: "Check your username and password, then try again.",
  exit: "credentialsRejected",
};

export const MAC_PASSWORD: HandoffView = { screen: "macPassword", problem: null };

export const WRONG_MAC_PASSWORD: UserFacing = {
  code: "MACPW-WRONG",
  summary: "That is not the password of this Mac.",
  nextStep: "Enter the password you use to unlock this Mac, or choose Skip.",
  exit: "keychainFailed",
};

export const UNKNOWN_PROBLEM: UserFacing = {
  code: "KEY-123",
  summary: "Your sign-in could not be saved in the Keychain.",
  nextStep: "Contact IT support and mention the support code.",
  exit: "keychainFailed",
};

type Handler = (args: InvokeArgs | undefined) => unknown;

export function backend(
  options: {
    startup?: Startup | Error;
    view?: HandoffView | (() => Promise<HandoffView>);
    commands?: Record<string, Handler>;
  } = {},
) {
  const calls: Call[] = [];
  const startup = options.startup ?? READY;
  const view = options.view ?? SIGN_IN;
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args });
      const handler = options.commands?.[cmd];
      if (handler) return handler(args);
      switch (cmd) {
        case "get_startup":
          if (startup instanceof Error) throw startup;
          return startup;
        case "get_view":
          return typeof view === "function" ? view() : view;
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return {
    calls,
    commands: () => calls.map((c) => c.cmd),
    /** Sends a view as the back end's flow would, and lets Svelte render it. */
    async send(next: HandoffView) {
      await emit(HANDOFF_EVENT, next);
      await tick();
    },
  };
}

/** A path inside the repository (tests run with ui/ as the working directory). */
export function repoPath(relative: string): string {
  return `${process.cwd().replace(/\/ui\/?$/, "")}/${relative}`;
}
