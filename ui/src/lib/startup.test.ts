// "form painted" (the bench's figure of the form on screen): marked at the first contentful
// paint only when that paint came after the form was interactive; never waited for forever.
import { afterEach, describe, expect, it, vi } from "vitest";

type Entry = { name: string; startTime: number };

/** A PerformanceObserver that reports `entries` (none: it never reports) once observing. */
function fakeObserver(entries: Entry[] | null) {
  return class {
    static supportedEntryTypes = ["paint"];
    constructor(private callback: (list: { getEntries(): Entry[] }) => void) {}
    observe() {
      if (entries) queueMicrotask(() => this.callback({ getEntries: () => entries }));
    }
    disconnect() {}
  };
}

/** A fresh copy of the module (its marks are module state). */
async function fresh() {
  vi.resetModules();
  return import("./startup");
}

const names = (marks: { name: string }[]) => marks.map((m) => m.name);
const sinceOrigin = (epochMs: number) => epochMs - performance.timeOrigin;

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe("formPainted", () => {
  it("marks the first contentful paint that came after the form was interactive", async () => {
    const startup = await fresh();
    startup.mark("form interactive");
    const paintAt = performance.now() + 30;
    vi.stubGlobal("PerformanceObserver", fakeObserver([{ name: "first-contentful-paint", startTime: paintAt }]));
    await startup.formPainted();
    const painted = startup.startupMarks().find((m) => m.name === "form painted");
    expect(painted && sinceOrigin(painted.epochMs)).toBeCloseTo(paintAt, 3);
  });

  it("does not mark a first paint from before the form (e.g. Starting…)", async () => {
    const startup = await fresh();
    const earlier = performance.now();
    startup.mark("form interactive", performance.timeOrigin + earlier + 50);
    vi.stubGlobal("PerformanceObserver", fakeObserver([{ name: "first-contentful-paint", startTime: earlier }]));
    await startup.formPainted();
    expect(names(startup.startupMarks())).not.toContain("form painted");
  });

  it("gives up after the wait when nothing is painted (a hidden window), and at once without Paint Timing", async () => {
    const startup = await fresh();
    startup.mark("form interactive");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    vi.stubGlobal("PerformanceObserver", fakeObserver(null));
    let resolved = false;
    const waiting = startup.formPainted(2000).then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(1999);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await waiting;
    expect(names(startup.startupMarks())).not.toContain("form painted");

    vi.stubGlobal("PerformanceObserver", undefined);
    await startup.formPainted(60_000); // resolves although no timer runs
  });
});
