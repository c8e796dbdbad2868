// The configured AccentColor, turned into colours that keep text contrast at WCAG AA (4.5:1)
// whatever colour an administrator picks: the button fill under white text, and link colours on
// the light and the dark window background.

type Rgb = [number, number, number];

/** The macOS system blue, used when no AccentColor is configured. */
export const DEFAULT_ACCENT = "#007aff";
/** Window backgrounds from app.css (light, dark): links are drawn on these. */
export const WINDOW_LIGHT = "#ececec";
export const WINDOW_DARK = "#2b2b2b";
const TARGET = 4.6; // AA is 4.5; a little margin against rounding.

export function parseHex(hex: string | null | undefined): Rgb | null {
  const m = /^#([0-9a-f]{6})$/i.exec(hex?.trim() ?? "");
  if (!m) return null;
  const n = parseInt(m[1], 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

export function toHex([r, g, b]: Rgb): string {
  return "#" + [r, g, b].map((c) => Math.round(c).toString(16).padStart(2, "0")).join("");
}

function luminance([r, g, b]: Rgb): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** WCAG contrast ratio of two colours. */
export function contrast(a: Rgb, b: Rgb): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  return [0, 1, 2].map((i) => a[i] + (b[i] - a[i]) * t) as Rgb;
}

/** `color` moved towards `toward` just far enough to reach the target contrast with `against`. */
function adjust(color: Rgb, toward: Rgb, against: Rgb): Rgb {
  for (let step = 0; step <= 40; step++) {
    const candidate = mix(color, toward, step / 40).map(Math.round) as Rgb;
    if (contrast(candidate, against) >= TARGET) return candidate;
  }
  return toward;
}

export interface AccentPalette {
  /** The configured colour itself (focus ring, icons). */
  accent: string;
  /** Background of the default button; white text on it reaches AA. */
  fill: string;
  /** Link colour on the light window background. */
  linkLight: string;
  /** Link colour on the dark window background. */
  linkDark: string;
  /** Keyboard focus ring: the accent, half transparent (no color-mix() on macOS 13's WebKit). */
  ring: string;
}

const WHITE: Rgb = [255, 255, 255];
const BLACK: Rgb = [0, 0, 0];

export function accentPalette(configured: string | null | undefined): AccentPalette {
  const accent = parseHex(configured) ?? (parseHex(DEFAULT_ACCENT) as Rgb);
  return {
    accent: toHex(accent),
    fill: toHex(adjust(accent, BLACK, WHITE)),
    linkLight: toHex(adjust(accent, BLACK, parseHex(WINDOW_LIGHT) as Rgb)),
    linkDark: toHex(adjust(accent, WHITE, parseHex(WINDOW_DARK) as Rgb)),
    ring: `rgba(${accent.join(", ")}, 0.6)`,
  };
}
