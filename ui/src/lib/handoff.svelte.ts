// The page's side of the hand-off: the start-up screen and the view now, asked for from the back
// end and kept current by its `handoff` events. One instance per window (made in `boot.ts`, which
// asks before the app's first render so that the first screen painted is the right one).
import type { UnlistenFn } from "@tauri-apps/api/event";
import { getStartup, getView, onHandoff } from "./api";
import { mark } from "./startup";
import type { Startup } from "../bindings/Startup";
import type { HandoffView } from "../bindings/HandoffView";

export class Handoff {
  /** The sign-in screen's branding, or why Baton cannot start; null until answered. */
  startup = $state<Startup | null>(null);
  /** The screen now; null until answered. */
  view = $state<HandoffView | null>(null);
  /** The back end could not be reached at all (IPC failed). */
  unreachable = $state(false);

  #attempt = 0;
  #listening: Promise<UnlistenFn | undefined> | null = null;

  /** Whether `connect` was called (the app connects on mount only when nobody did before). */
  get connected(): boolean {
    return this.#attempt > 0;
  }

  /**
   * Listens and asks for the start-up screen at once (one round trip on the way to the form, not
   * two); the view is asked for only once listening, so events sent while `get_view` is on its
   * way win over its answer and none is lost in between. Resolves when the first screen is known
   * or the back end turned out unreachable; never rejects. A second call starts over.
   */
  connect(): Promise<void> {
    this.stop();
    const mine = ++this.#attempt;
    this.unreachable = false;
    let heard = false;
    const listening = onHandoff((next) => {
      if (mine !== this.#attempt) return;
      heard = true;
      this.view = next;
    });
    const asking = getStartup();
    asking.catch(() => {}); // handled below; not an unhandled rejection when listening failed first
    this.#listening = listening.catch(() => undefined);
    return (async () => {
      try {
        await listening;
        const answer = await asking;
        mark("first IPC answered");
        if (mine !== this.#attempt) return;
        this.startup = answer;
        if (answer.kind !== "ready") return;
        const current = await getView();
        mark("first view");
        if (!heard && mine === this.#attempt) this.view = current;
      } catch {
        if (mine === this.#attempt) this.unreachable = true;
      }
    })();
  }

  /** Stops listening (a failure to unlisten while the window goes away changes nothing). */
  stop(): void {
    const listening = this.#listening;
    this.#listening = null;
    void listening?.then((unlisten) => unlisten?.()).catch(() => {});
  }
}
