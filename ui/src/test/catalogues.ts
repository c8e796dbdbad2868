// Vitest set-up: every catalogue is available at once, so a test may switch languages with
// `setupI18n` without loading chunks (the app loads one language with `loadLanguage`).
import { registerCatalogue, setupI18n } from "../lib/i18n";
import { catalogues } from "../locales/all";
import type { Language } from "../locales";

for (const [lng, catalogue] of Object.entries(catalogues)) registerCatalogue(lng as Language, catalogue);
setupI18n(["en"]);
