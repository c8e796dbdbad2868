// The page's side of the hand-off: the start-up screen and the view now, asked for from the back
// end and kept current by its `handoff` events. One instance per window (made in `boot.ts`, which
// asks before the app's first render so that the first screen painted is the right one).
import type { UnlistenFn } from "@tauri-apps/api/event";
import { getStartup, getView, onHandoff } from "./api";
import { mark } from "./startup";
import type { Startup } from "../bindings/Startup";
import type { HandoffView } from "../bindings/HandoffView";
import type { FirstScreen } from "../bindings/FirstScreen";

/** Whether two views show the same (they are plain JSON data from the back end). */
function sameView(a: HandoffView | null, b: HandoffView): boolean {
  return a !== null && JSON.stringify(a) === JSON.stringify(b);
}

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
   * Shows the first screen the back end served with the page (`lib/first-screen.ts`) at once;
   * `connect(first.startup)` then keeps it current.
   */
  adopt(first: FirstScreen): void {
    this.startup = first.startup;
    this.view = first.view;
    mark("first view");
  }

  /**
   * Listens and asks for the start-up screen at once (one round trip on the way to the form, not
   * two); the view is asked for only once listening, so events sent while `get_view` is on its
   * way win over its answer and none is lost in between. Resolves when the first screen is known
   * or the back end turned out unreachable; never rejects. A second call starts over.
   *
   * `known`: the start-up screen served with the page (`adopt`), not asked for again. The view
   * is still asked for, as the page may have been served before the view changed; an answer
   * equal to the view shown changes nothing (the form is not rendered again under the person's
   * fingers).
   */
  connect(known: Startup | null = null): Promise<void> {
    this.stop();
    const mine = ++this.#attempt;
    this.unreachable = false;
    let heard = false;
    const listening = onHandoff((next) => {
      if (mine !== this.#attempt) return;
      heard = true;
      this.view = next;
    });
    const asking = known ? Promise.resolve(known) : getStartup();
    asking.catch(() => {}); // handled below; not an unhandled rejection when listening failed first
    this.#listening = listening.catch(() => undefined);
    return (async () => {
      try {
        await listening;
        const answer = await asking;
        if (mine !== this.#attempt) return;
        if (!known) {
          mark("first IPC answered");
          this.startup = answer;
        }
        if (answer.kind !== "ready") return;
        const current = await getView();
        mark("first view");
        if (!heard && mine === this.#attempt && !sameView(this.view, current)) this.view = current;
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
