import { afterEach, describe, expect, it, vi } from "vitest";
import { screen, waitFor } from "@testing-library/svelte";
import { tick } from "svelte";
import { unmount } from "svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import { boot } from "./boot";
import { setupI18n } from "./lib/i18n";
import { backend } from "./test/backend";
import { mainScreen, onScreen } from "./test/dom";
import type { HandoffView } from "./bindings/HandoffView";
import type { FirstScreen } from "./bindings/FirstScreen";
import { FIRST_SCREEN_ID } from "./lib/first-screen";
import { READY, SIGN_IN } from "./test/backend";
import { field, type } from "./test/dom";

let mounted: Awaited<ReturnType<typeof boot>> | null = null;
let target: HTMLElement;

afterEach(() => {
  vi.useRealTimers();
  if (mounted) unmount(mounted);
  mounted = null;
  target?.remove();
  clearMocks();
  setupI18n(["en"]);
});

/** Boots the page into a fresh element and records every screen `<main>` showed, in order. */
async function bootWatching(wait?: number, first: FirstScreen | null = null) {
  target = document.body.appendChild(document.createElement("div"));
  const seen: string[] = [];
  const note = () => {
    const now = mainScreen();
    if (now && seen.at(-1) !== now) seen.push(now);
  };
  const observer = new MutationObserver(note);
  observer.observe(target, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-screen"] });
  mounted = await boot(target, wait, first);
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

  describe("with the first screen served in the page", () => {
    const served = (view: HandoffView = SIGN_IN): FirstScreen => ({
      languages: [...navigator.languages],
      startup: READY,
      view,
    });

    it("mounts the form before boot awaits anything, and asks only for the view", async () => {
      const b = backend();
      target = document.body.appendChild(document.createElement("div"));
      const booting = boot(target, undefined, served());
      // Synchronously: no IPC answer, no chunk, no timer was waited for.
      expect(mainScreen()).toBe("signin");
      mounted = await booting;
      await waitFor(() => expect(b.commands()).toContain("get_view"));
      expect(b.commands()).not.toContain("get_startup");
      expect(b.commands()).toContain("form_ready");
    });

    it("reads the block the back end put into the page, once", async () => {
      backend();
      const block = document.head.appendChild(document.createElement("script"));
      block.type = "application/json";
      block.id = FIRST_SCREEN_ID;
      block.textContent = JSON.stringify(served());
      target = document.body.appendChild(document.createElement("div"));
      const booting = boot(target);
      expect(mainScreen()).toBe("signin");
      expect(document.getElementById(FIRST_SCREEN_ID)).toBeNull();
      mounted = await booting;
    });

    it("moves on when the view changed after the page was served", async () => {
      backend({ view: SIGN_IN });
      const { seen, stop } = await bootWatching(undefined, served({ screen: "checking", detail: { kind: "lookingUpMac" } }));
      await onScreen("signin");
      stop();
      expect(seen).toEqual(["checking", "signin"]);
    });

    it("does not restart the throttle countdown when the back end's view is the one shown", async () => {
      vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
      const throttled: HandoffView = { screen: "signIn", resume: false, problem: null, retryAfterSeconds: 3 };
      let answer: (view: HandoffView) => void = () => {};
      const b = backend({ view: () => new Promise((resolve) => (answer = resolve)) });
      await bootWatching(undefined, served(throttled));
      const username = field("Username");
      type(username, "jdoe");
      expect(screen.getByText("Too many attempts — try again in 3 s")).toBeTruthy();
      vi.advanceTimersByTime(2000);
      await tick();
      // (waitFor polls with setInterval, which is faked here)
      for (let i = 0; i < 100 && !b.commands().includes("get_view"); i++) await new Promise((r) => setTimeout(r, 0));
      expect(b.commands()).toContain("get_view");
      answer({ ...throttled }); // equal, but a new object: it would restart the countdown at 3
      await new Promise((resolve) => setTimeout(resolve, 0));
      await tick();
      vi.advanceTimersByTime(1000);
      await tick();
      expect(screen.queryByText(/Too many attempts —/)).toBeNull();
      expect((screen.getByRole("button", { name: "Continue" }) as HTMLButtonElement).disabled).toBe(false);
      expect(field("Username")).toBe(username);
      expect(username.value).toBe("jdoe");
    });
  });
});
