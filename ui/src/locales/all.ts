// Every catalogue at once: for the tests (which compare them, and switch languages freely).
// The app never imports this file; it loads one language through `loaders` in index.ts.
import en from "./en";
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
import type { Catalogue, Language } from "./index";

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
} satisfies Record<Language, Catalogue>;
