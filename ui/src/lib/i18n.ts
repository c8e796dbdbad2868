// Localisation: the catalogues in src/locales, looked up by dotted key with `{{name}}`
// placeholders (no plural forms, nesting or escaping are needed, so no i18n library is loaded).
// The language comes from the OS through navigator.languages; only that language's catalogue is
// loaded (`loadLanguage`, before the app mounts), each being its own chunk of the build, except
// English, which is always at hand (the fallback, and the first screen without a wait).
import { LANGUAGES, english, loaders, type Catalogue, type Language } from "../locales";
import type { UserFacing } from "../bindings/UserFacing";
import { mark } from "./startup";

/** Dotted paths to every string of a catalogue, e.g. "signin.password". */
type Paths<T, P extends string = ""> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Paths<T[K], `${P}${K}.`>;
}[keyof T & string];
export type Key = Exclude<Paths<Catalogue>, `problems.${string}`>;

/**
 * The best supported language for the person's preferred languages (most preferred first):
 * exact tag, then the same language and script (zh-CN is zh-Hans, zh-TW is not), then the same
 * language (de-AT → de, pt-PT → pt-BR). English when nothing matches.
 */
export function pickLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    let locale: Intl.Locale;
    try {
      locale = new Intl.Locale(tag).maximize();
    } catch {
      continue;
    }
    for (const supported of LANGUAGES) {
      const candidate = new Intl.Locale(supported).maximize();
      if (candidate.language !== locale.language) continue;
      // Chinese is chosen by script; every other supported language by language alone.
      if (candidate.language === "zh" && candidate.script !== locale.script) continue;
      return supported;
    }
  }
  return "en";
}

let ready = false;
let current: Language = "en";
/** The catalogues loaded so far. */
const loaded = new Map<Language, Catalogue>([["en", english]]);

/** Makes `catalogue` available for `lng` without loading it (the tests register all of them). */
export function registerCatalogue(lng: Language, catalogue: Catalogue): void {
  loaded.set(lng, catalogue);
}

/**
 * Loads the catalogue of the best language for `preferred` (one chunk) and makes it the UI's
 * language. The app awaits this once before it mounts.
 */
export async function loadLanguage(preferred: readonly string[] = navigator.languages): Promise<Language> {
  const lng = pickLanguage(preferred);
  if (!loaded.has(lng)) loaded.set(lng, (await loaders[lng]()).default);
  return setupI18n(preferred);
}

/**
 * Makes the best language for `preferred` the UI's language when its catalogue is at hand
 * (English always is) and returns true; false when it must be loaded first (`loadLanguage`).
 */
export function useLoadedLanguage(preferred: readonly string[] = navigator.languages): boolean {
  if (!loaded.has(pickLanguage(preferred))) return false;
  setupI18n(preferred);
  return true;
}

/** The catalogue of the UI's language. */
export function catalogue(): Catalogue {
  const found = loaded.get(language());
  if (!found) throw new Error(`the catalogue for ${current} is not loaded`);
  return found;
}

/**
 * Chooses the language for `preferred` and makes it the UI's language. Returns it. Its catalogue
 * must be loaded already (`loadLanguage`, or `registerCatalogue` in tests); when it is not, the
 * UI speaks English, or the one language that is loaded, instead of showing keys.
 */
export function setupI18n(preferred: readonly string[] = navigator.languages): Language {
  current = pickLanguage(preferred);
  if (!loaded.has(current)) {
    const fallback = loaded.has("en") ? "en" : loaded.keys().next().value;
    if (!fallback) throw new Error("no catalogue is loaded: call loadLanguage first");
    current = fallback;
  }
  ready = true;
  mark("catalogue ready");
  if (typeof document !== "undefined") document.documentElement.lang = current;
  return current;
}

/** The UI's language (set up from navigator.languages on first use). */
export function language(): Language {
  if (!ready) setupI18n();
  return current;
}

/** The string at dotted `key` in `catalogue`, if there is one. */
function lookup(catalogue: Catalogue | undefined, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" ? node : undefined;
}

/**
 * The translated string for `key`, with `{{name}}` placeholders filled from `values` (a value
 * that is not given leaves nothing). Svelte escapes the text it shows, so nothing is escaped here.
 * A key the language lacks falls back to English when English is loaded, else shows the key.
 */
export function t(key: Key, values?: Record<string, string | number>): string {
  const text = lookup(catalogue(), key) ?? lookup(loaded.get("en"), key) ?? key;
  if (!values) return text;
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : "",
  );
}

/**
 * What to tell the person about a problem: the translation of its support code when the UI's
 * catalogue has one, otherwise the English sentence from Rust (which is also what English shows).
 */
export function problemText(problem: UserFacing): { summary: string; nextStep: string } {
  const lng = language();
  const known = (catalogue().problems as Record<string, { summary: string; nextStep: string }>)[problem.code];
  if (lng !== "en" && known) return known;
  return { summary: problem.summary, nextStep: problem.nextStep };
}
