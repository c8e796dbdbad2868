// The first screen the back end serves inside the page (Rust: baton_core::first_screen): the
// start-up screen and the view at the moment the page was requested, in a JSON data block. With
// it the page mounts its first screen while its script is evaluated, without waiting for IPC —
// measured on WebKitGTK, a form mounted after any asynchronous step is painted 100–500 ms after
// it is in the document, one mounted at once within ~10 ms (issue 15).
import type { FirstScreen } from "../bindings/FirstScreen";

/** The `id` of the data block (Rust: `first_screen::ELEMENT_ID`). */
export const FIRST_SCREEN_ID = "first-screen";

/** The same languages, compared as the back end may write them (case, `_` or `-`). */
function sameLanguages(a: readonly string[], b: readonly string[]): boolean {
  const norm = (tag: string) => tag.replace(/_/g, "-").toLowerCase();
  return a.length === b.length && a.every((tag, i) => norm(tag) === norm(b[i]));
}

/**
 * Takes the first screen out of the page (the block is removed: it is read once). `null` when
 * there is none, when it cannot be read, or when it was resolved for languages other than the
 * page's own (the page then asks over IPC, as without it).
 */
export function takeFirstScreen(
  doc: Document = document,
  languages: readonly string[] = navigator.languages,
): FirstScreen | null {
  const block = doc.getElementById(FIRST_SCREEN_ID);
  if (!block) return null;
  block.remove();
  let first: FirstScreen;
  try {
    first = JSON.parse(block.textContent ?? "") as FirstScreen;
  } catch {
    return null;
  }
  const valid =
    typeof first === "object" &&
    first !== null &&
    Array.isArray(first.languages) &&
    typeof first.startup?.kind === "string" &&
    typeof first.view?.screen === "string";
  if (!valid || !sameLanguages(first.languages, languages)) return null;
  return first;
}
