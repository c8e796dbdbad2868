import { afterEach, describe, expect, it } from "vitest";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { LANGUAGES } from "../locales";
import { catalogues } from "../locales/all";
import en from "../locales/en";
import { loadLanguage, pickLanguage, problemText, setupI18n, t, language } from "./i18n";
import { repoPath, UNKNOWN_PROBLEM, WRONG_PASSWORD } from "../test/backend";

afterEach(() => setupI18n(["en"]));

/** Every dotted key with its string. */
function flatten(obj: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === "string") out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v as object, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
const english = flatten(en);

/** Strings that are the same word in English and in that language. */
const SAME_AS_ENGLISH: Record<string, string[]> = {
  it: ["signin.password"],
};

describe("catalogues", () => {
  it("cover the twelve languages the dialog promises", () => {
    expect([...LANGUAGES].sort()).toEqual(
      ["da", "de", "en", "es", "fr", "it", "ja", "ko", "nl", "pt-BR", "sv", "zh-Hans"].sort(),
    );
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))("%s has exactly the English keys", (lng) => {
    const keys = [...flatten(catalogues[lng]).keys()].sort();
    expect(keys).toEqual([...english.keys()].sort());
  });

  it.each(LANGUAGES.filter((l) => l !== "en"))("%s translates every string, with the same placeholders", (lng) => {
    const strings = flatten(catalogues[lng]);
    for (const [key, value] of strings) {
      const source = english.get(key) as string;
      expect(value.trim(), key).not.toBe("");
      expect(placeholders(value), key).toEqual(placeholders(source));
      if (!SAME_AS_ENGLISH[lng]?.includes(key)) expect(value, `${lng}: ${key} is untranslated`).not.toBe(source);
    }
  });

  it("keep the English sentences of support codes equal to what Rust sends", () => {
    // Every `"CODE", "summary", "next step"` tuple and `code: … summary: … next_step: …` struct in
    // crates/ and the app shell (src-tauri/src).
    const rust = new Map<string, { summary: string; nextStep: string }[]>();
    const add = (code: string, summary: string, nextStep: string) =>
      rust.set(code, [...(rust.get(code) ?? []), { summary, nextStep }]);
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".rs")) {
          const src = readFileSync(path, "utf8");
          for (const m of src.matchAll(/"([A-Z]{2,}-[A-Z0-9-]+)",\s*"([^"]+)",\s*"([^"]+)",/g))
            add(m[1], m[2], m[3]);
          for (const m of src.matchAll(/code: "([A-Z]{2,}-[A-Z0-9-]+)",\s*summary: "([^"]+)",\s*next_step: "([^"]+)",/g))
            add(m[1], m[2], m[3]);
        }
      }
    };
    walk(repoPath("crates"));
    walk(repoPath("src-tauri/src"));
    for (const [code, text] of Object.entries(en.problems)) {
      expect(rust.get(code) ?? [], `${code}: Rust sends other words now; revisit its translations`).toContainEqual(text);
    }
  });
});

describe("pickLanguage", () => {
  it.each([
    [["de-DE", "en"], "de"],
    [["de-AT"], "de"],
    [["fr-CA"], "fr"],
    [["pt-BR"], "pt-BR"],
    [["pt-PT"], "pt-BR"],
    [["zh-Hans-CN"], "zh-Hans"],
    [["zh-CN"], "zh-Hans"],
    [["zh-TW", "ja-JP"], "ja"],
    [["zh-Hant"], "en"],
    [["nb-NO", "sv-SE"], "sv"],
    [["ko-KR"], "ko"],
    [["da"], "da"],
    [["nl-BE"], "nl"],
    [["es-419"], "es"],
    [["it-CH"], "it"],
    [["not a tag", "fi"], "en"],
    [[], "en"],
  ])("%j → %s", (preferred, expected) => {
    expect(pickLanguage(preferred as string[])).toBe(expected);
  });
});

describe("t and problemText", () => {
  it("follows the chosen language and marks the document with it", () => {
    expect(setupI18n(["ja-JP"])).toBe("ja");
    expect(language()).toBe("ja");
    expect(document.documentElement.lang).toBe("ja");
    expect(t("signin.password")).toBe("パスワード");
    expect(t("checking.offline", { seconds: 7 })).toBe("接続がありません — 7 秒後に再試行します");
  });

  it("does not HTML-escape values (Svelte does)", () => {
    setupI18n(["en"]);
    expect(t("done.title", { name: "Zoë & Bob <IT>" })).toBe("You’re all set, Zoë & Bob <IT>");
  });

  it("fills every placeholder, leaves nothing for a value not given, and shows an unknown key as itself", () => {
    setupI18n(["en"]);
    expect(t("technician.search.devices", { count: 0 })).toBe("Devices: 0");
    expect(t("done.title", { name: "{{name}}" })).toBe("You’re all set, {{name}}");
    expect(t("done.title", {})).toBe("You’re all set, ");
    expect(t("no.such.key" as Parameters<typeof t>[0])).toBe("no.such.key");
    expect(t("signin" as Parameters<typeof t>[0])).toBe("signin");
  });

  it("loads the person's language on demand", async () => {
    expect(await loadLanguage(["de-AT"])).toBe("de");
    expect(t("signin.password")).toBe("Passwort");
  });

  it("translates known support codes and keeps Rust's English for the others", () => {
    setupI18n(["fr-FR"]);
    expect(problemText(WRONG_PASSWORD).summary).toBe("Le nom d’utilisateur ou le mot de passe est incorrect.");
    expect(problemText(UNKNOWN_PROBLEM)).toEqual({
      summary: UNKNOWN_PROBLEM.summary,
      nextStep: UNKNOWN_PROBLEM.nextStep,
    });
    setupI18n(["en-GB"]);
    expect(problemText({ ...WRONG_PASSWORD, summary: "From Rust." }).summary).toBe("From Rust.");
  });
});
