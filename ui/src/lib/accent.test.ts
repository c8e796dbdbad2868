import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { repoPath } from "../test/backend";
import { accentPalette, contrast, parseHex, WINDOW_DARK, WINDOW_LIGHT, DEFAULT_ACCENT } from "./accent";

const rgb = (hex: string) => {
  const c = parseHex(hex);
  if (!c) throw new Error(`not a colour: ${hex}`);
  return c;
};

describe("accentPalette", () => {
  it.each(["#0a84ff", "#007aff", "#ffd60a", "#ffffff", "#000000", "#34c759", "#ff2d55", "#5e5ce6"])(
    "keeps text at AA for %s",
    (accent) => {
      const p = accentPalette(accent);
      expect(contrast(rgb(p.fill), rgb("#ffffff"))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(rgb(p.linkLight), rgb(WINDOW_LIGHT))).toBeGreaterThanOrEqual(4.5);
      expect(contrast(rgb(p.linkDark), rgb(WINDOW_DARK))).toBeGreaterThanOrEqual(4.5);
      expect(p.accent).toBe(accent);
    },
  );

  it("leaves a colour alone when it already has the contrast", () => {
    expect(accentPalette("#0040a0").fill).toBe("#0040a0");
  });

  it("falls back to the system blue for a missing or malformed colour", () => {
    expect(accentPalette(null).accent).toBe(DEFAULT_ACCENT);
    expect(accentPalette("red").accent).toBe(DEFAULT_ACCENT);
    expect(accentPalette("#12345").accent).toBe(DEFAULT_ACCENT);
  });

  it("measures against the window colours app.css really uses", () => {
    const css = readFileSync(repoPath("ui/src/app.css"), "utf8");
    const windows = [...css.matchAll(/--window:\s*(#[0-9a-f]{6});/gi)].map((m) => m[1].toLowerCase());
    expect(windows).toEqual([WINDOW_LIGHT, WINDOW_DARK]);
  });
});
