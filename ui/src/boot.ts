// How the window's page starts. Usually the back end served the first screen with the page
// (`lib/first-screen.ts`): then, when the person's language is at hand, the app mounts at once,
// while this module is evaluated — on WebKitGTK a screen mounted after any wait is painted
// 100–500 ms later than one mounted at once (issue 15). Otherwise it asks the back end for the
// first screen and loads the person's language at the same time, and renders once both are
// there, so that the first screen painted is the one to show (usually the sign-in form) rather
// than "Starting…" followed by it. Asking before the first render also keeps the answers from
// waiting behind that render: measured on WebKitGTK, the first IPC answer took ~55 ms when asked
// after the first render and ~10 ms before it (the trace of `npm run bench`).
import { mount } from "svelte";
import App from "./App.svelte";
import { loadLanguage, useLoadedLanguage } from "./lib/i18n";
import { Handoff } from "./lib/handoff.svelte";
import { takeFirstScreen } from "./lib/first-screen";
import type { FirstScreen } from "./bindings/FirstScreen";

/**
 * How long the page waits for the back end's first answer before it renders anyway (showing
 * "Starting…" until the answer comes). The back end answers from memory, so this is only a
 * bound for a back end that does not answer at all.
 */
export const FIRST_ANSWER_WAIT_MS = 400;

/**
 * Connects to the back end, loads the person's language and mounts the app into `target` —
 * before its first `await` when `first` (served with the page) and the language are at hand.
 */
export async function boot(
  target: HTMLElement,
  wait = FIRST_ANSWER_WAIT_MS,
  first: FirstScreen | null = takeFirstScreen(),
): Promise<ReturnType<typeof mount>> {
  const handoff = new Handoff();
  if (first) {
    handoff.adopt(first);
    void handoff.connect(first.startup);
    if (!useLoadedLanguage()) await loadLanguage().catch(() => loadLanguage(["en"]));
    return mount(App, { target, props: { handoff } });
  }
  const answered = handoff.connect();
  // Only the language the person reads is loaded (its own chunk); English if that chunk fails.
  await loadLanguage().catch(() => loadLanguage(["en"]));
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([answered, new Promise<void>((resolve) => (timer = setTimeout(resolve, wait)))]);
  clearTimeout(timer);
  return mount(App, { target, props: { handoff } });
}
