// The page's half of the start-up trace that `npm run bench` prints (the back end adds its own
// marks and logs one line when the sign-in form is interactive). Only a measurement: the marks
// carry names from a fixed list and times, nothing of the person.
import type { StartupMark } from "../bindings/StartupMark";

export type PageMark = "JS evaluated" | "first IPC answered" | "first view" | "catalogue ready" | "form interactive";

const marks: StartupMark[] = [];

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Records that `name` happened now (the first time only). */
export function mark(name: PageMark): void {
  if (!marks.some((m) => m.name === name)) marks.push({ name, epochMs: now() });
}

/** The page's marks so far, with what the browser itself timed (navigation and script fetch). */
export function startupMarks(): StartupMark[] {
  const found: StartupMark[] = [{ name: "page requested", epochMs: performance.timeOrigin }];
  const at = (ms: number | undefined) => (ms ? performance.timeOrigin + ms : null);
  try {
    const nav = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
    const html = at(nav?.responseEnd);
    if (html) found.push({ name: "HTML received", epochMs: html });
    const script = performance
      .getEntriesByType("resource")
      .find((e) => (e as PerformanceResourceTiming).initiatorType === "script" || e.name.endsWith(".js"));
    const fetched = at((script as PerformanceResourceTiming | undefined)?.responseEnd);
    if (fetched) found.push({ name: "script fetched", epochMs: fetched });
  } catch {
    // Timing entries are a nicety: without them the trace has the marks below.
  }
  return [...found, ...marks];
}
