import en, { type Catalogue } from "./en";
import de from "./de";
import fr from "./fr";
import es from "./es";
import it from "./it";
import nl from "./nl";
import ptBR from "./pt-BR";
import sv from "./sv";
import da from "./da";
import ja from "./ja";
import zhHans from "./zh-Hans";
import ko from "./ko";

export type { Catalogue };

/** Every language the UI speaks, by BCP 47 tag. English is the fallback. */
export const catalogues = {
  en,
  de,
  fr,
  es,
  it,
  nl,
  "pt-BR": ptBR,
  sv,
  da,
  ja,
  "zh-Hans": zhHans,
  ko,
} satisfies Record<string, Catalogue>;

export type Language = keyof typeof catalogues;
export const LANGUAGES = Object.keys(catalogues) as Language[];
