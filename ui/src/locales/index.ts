// The UI's languages. English is part of the page's own code: it is the fallback for a missing
// key, and with it the first screen of an English-speaking Mac mounts while the page's script is
// evaluated, without waiting for a chunk (issue 15: on WebKitGTK any wait before the first
// screen delays its painting by 100–500 ms). Every other catalogue is its own chunk of the build:
// the page loads the one language it shows (see lib/i18n.ts `loadLanguage`), not all eleven.
// `all.ts` has every catalogue at once, for the tests that compare them.
import en, { type Catalogue } from "./en";

export type { Catalogue };

/** Every language the UI speaks, by BCP 47 tag. English is the fallback. */
export const LANGUAGES = ["en", "de", "fr", "es", "it", "nl", "pt-BR", "sv", "da", "ja", "zh-Hans", "ko"] as const;

export type Language = (typeof LANGUAGES)[number];

/** English, always loaded. */
export { en as english };

/** Loads one language's catalogue (a separate chunk in the build; English is at hand). */
export const loaders: Record<Language, () => Promise<{ default: Catalogue }>> = {
  en: () => Promise.resolve({ default: en }),
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
