// The page's half of the start-up trace that `npm run bench` prints (the back end adds its own
// marks and logs one line when the sign-in form is interactive and painted). Only a measurement: the marks
// carry names from a fixed list and times, nothing of the person.
import type { StartupMark } from "../bindings/StartupMark";

export type PageMark =
  | "JS evaluated"
  | "first IPC answered"
  | "first view"
  | "catalogue ready"
  | "form interactive"
  | "form painted";

const marks: StartupMark[] = [];

function now(): number {
  return performance.timeOrigin + performance.now();
}

/** Records that `name` happened now, or at `epochMs` (the first time only). */
export function mark(name: PageMark, epochMs = now()): void {
  if (!marks.some((m) => m.name === name)) marks.push({ name, epochMs });
}

/** How long `formPainted` waits for the browser's first paint at most (e.g. a hidden window). */
export const PAINT_WAIT_MS = 2000;

/**
 * Resolves once the browser reports its first contentful paint (Paint Timing), marking "form
 * painted" at that paint when it came after "form interactive", i.e. the form was the first
 * thing painted (after "Starting…" the first paint tells nothing about the form). Resolves at
 * once where Paint Timing is not supported, and after `wait` ms without a paint. Only a
 * measurement: on WebKitGTK the paint of a screen mounted after an asynchronous step comes
 * 100–500 ms after it is in the document (issue 15), which "form interactive" does not show.
 */
export function formPainted(wait = PAINT_WAIT_MS): Promise<void> {
  return new Promise((resolve) => {
    if (typeof PerformanceObserver === "undefined" || !PerformanceObserver.supportedEntryTypes?.includes("paint")) {
      resolve();
      return;
    }
    const interactive = marks.find((m) => m.name === "form interactive")?.epochMs;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const observer = new PerformanceObserver((list) => {
      const first = list.getEntries().find((e) => e.name === "first-contentful-paint");
      if (!first) return;
      const at = performance.timeOrigin + first.startTime;
      if (interactive !== undefined && at >= interactive) mark("form painted", at);
      done();
    });
    function done() {
      clearTimeout(timer);
      observer.disconnect();
      resolve();
    }
    timer = setTimeout(done, wait);
    observer.observe({ type: "paint", buffered: true });
  });
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
