// The UI's languages. Each catalogue is its own chunk of the build: the page loads the one
// language it shows (see lib/i18n.ts `loadLanguage`), not all twelve. `all.ts` has every
// catalogue at once, for the tests that compare them.
import type { Catalogue } from "./en";

export type { Catalogue };

/** Every language the UI speaks, by BCP 47 tag. English is the fallback. */
export const LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt-BR", "sv", "da", "ja", "zh-Hans", "ko"] as const;

export type Language = (typeof LANGUAGES)[number];

/** Loads one language's catalogue (a separate chunk in the build). */
export const loaders: Record<Language, () => Promise<{ default: Catalogue }>> = {
  en: () => import("./en"),
  de: () => import("./de"),
  fr: () => import("./fr"),
  es: () => import("./es"),
  it: () => import("./it"),
  nl: () => import("./nl"),
  "pt-BR": () => import("./pt-BR"),
  sv: () => import("./sv"),
  da: () => import("./da"),
  ja: () => import("./ja"),
  "zh-Hans": () => import("./zh-Hans"),
  ko: () => import("./ko"),
};
