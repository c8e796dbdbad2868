// Localisation: i18next with the catalogues in src/locales, bundled (no loading at run time).
// The language comes from the OS through navigator.languages.
import i18next, { type i18n } from "i18next";
import { catalogues, LANGUAGES, type Catalogue, type Language } from "../locales";
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

let instance: i18n | null = null;
let current: Language = "en";

/** Chooses the language for `preferred` and makes it the UI's language. Returns it. */
export function setupI18n(preferred: readonly string[] = navigator.languages): Language {
  current = pickLanguage(preferred);
  const next = i18next.createInstance();
  void next.init({
    lng: current,
    fallbackLng: "en",
    supportedLngs: LANGUAGES,
    resources: Object.fromEntries(LANGUAGES.map((lng) => [lng, { translation: catalogues[lng] }])),
    initAsync: false,
    // Svelte escapes text itself; i18next's escaping would show "&amp;" in names.
    interpolation: { escapeValue: false },
    nsSeparator: false,
    returnNull: false,
  });
  instance = next;
  mark("catalogue ready");
  if (typeof document !== "undefined") document.documentElement.lang = current;
  return current;
}

/** The UI's language (set up from navigator.languages on first use). */
export function language(): Language {
  if (!instance) setupI18n();
  return current;
}

/** The translated string for `key`, with `{{name}}` placeholders filled from `values`. */
export function t(key: Key, values?: Record<string, string | number>): string {
  if (!instance) setupI18n();
  return (instance as i18n).t(key, values ?? {});
}

/**
 * What to tell the person about a problem: the translation of its support code when the UI's
 * catalogue has one, otherwise the English sentence from Rust (which is also what English shows).
 */
export function problemText(problem: UserFacing): { summary: string; nextStep: string } {
  const lng = language();
  const known = (catalogues[lng].problems as Record<string, { summary: string; nextStep: string }>)[
    problem.code
  ];
  if (lng !== "en" && known) return known;
  return { summary: problem.summary, nextStep: problem.nextStep };
}
