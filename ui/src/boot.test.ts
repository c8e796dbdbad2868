import { afterEach, describe, expect, it } from "vitest";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import { boot } from "./boot";
import { setupI18n } from "./lib/i18n";
import { backend } from "./test/backend";
import { mainScreen, onScreen } from "./test/dom";
import type { HandoffView } from "./bindings/HandoffView";

let mounted: Awaited<ReturnType<typeof boot>> | null = null;
let target: HTMLElement;

afterEach(() => {
  if (mounted) unmount(mounted);
  mounted = null;
  target?.remove();
  clearMocks();
  setupI18n(["en"]);
});

/** Boots the page into a fresh element and records every screen `<main>` showed, in order. */
async function bootWatching(wait?: number) {
  target = document.body.appendChild(document.createElement("div"));
  const seen: string[] = [];
  const note = () => {
    const now = mainScreen();
    if (now && seen.at(-1) !== now) seen.push(now);
  };
  const observer = new MutationObserver(note);
  observer.observe(target, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-screen"] });
  mounted = await boot(target, wait);
  note(); // what the first render left in the document
  return {
    seen,
    stop: () => observer.disconnect(),
  };
}

describe("boot", () => {
  it("renders the sign-in form as the first screen when the back end has it, never Starting… before it", async () => {
    const b = backend();
    const { seen, stop } = await bootWatching();
    stop();
    expect(seen).toEqual(["signin"]);
    // The form tells the back end it is ready (the start-up figure) on that first render.
    expect(b.commands()).toEqual(["get_startup", "get_view", "form_ready"]);
    expect(b.calls[0].args).toEqual({ languages: [...navigator.languages] });
  });

  it("shows Starting… when the back end does not answer in time, then the screen it answers", async () => {
    let answer: (view: HandoffView) => void = () => {};
    backend({ view: () => new Promise((resolve) => (answer = resolve)) });
    const { seen, stop } = await bootWatching(20);
    expect(mainScreen()).toBe("checking");
    answer({ screen: "signIn", resume: false, problem: null, retryAfterSeconds: null });
    await onScreen("signin");
    stop();
    expect(seen).toEqual(["checking", "signin"]);
  });

  it("shows what stops the start as the first screen: a back end that cannot be reached, a bad configuration", async () => {
    backend({ startup: new Error("no back end") });
    const unreachable = await bootWatching();
    unreachable.stop();
    expect(unreachable.seen).toEqual(["problem"]);
    unmount(mounted!);
    target.remove();
    clearMocks();

    backend({
      startup: {
        kind: "misconfigured",
        problem: { code: "CFG-001", summary: "Baton is not set up.", nextStep: "Contact IT.", exit: "usage" },
      },
    });
    const misconfigured = await bootWatching();
    misconfigured.stop();
    expect(misconfigured.seen).toEqual(["problem"]);
    expect(document.body.textContent).toContain("Baton is not set up.");
  });
});
