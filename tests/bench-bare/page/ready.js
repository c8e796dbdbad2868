// What `invoke("form_ready")` from @tauri-apps/api does, without a bundler (withGlobalTauri is
// off, as in Baton). Called once the form above is in the document, with the page's start-up
// marks (epoch ms) in the words of Baton's trace (ui/src/lib/startup.ts).
const at = (ms) => performance.timeOrigin + ms;
const now = at(performance.now());
const marks = [["page requested", performance.timeOrigin]];
const nav = performance.getEntriesByType("navigation")[0];
if (nav && nav.responseEnd) marks.push(["HTML received", at(nav.responseEnd)]);
const script = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".js"));
if (script && script.responseEnd) marks.push(["script fetched", at(script.responseEnd)]);
marks.push(["JS evaluated", now], ["form interactive", now]);
// Sent once the form is painted, as Baton's page does (ui/src/lib/startup.ts `formPainted`): the
// first contentful paint, marked "form painted" when it came after the form was in the document.
const send = () => window.__TAURI_INTERNALS__.invoke("form_ready", { marks });
if (typeof PerformanceObserver === "undefined" || !PerformanceObserver.supportedEntryTypes?.includes("paint")) {
  send();
} else {
  let timer;
  const observer = new PerformanceObserver((list) => {
    const first = list.getEntries().find((e) => e.name === "first-contentful-paint");
    if (!first) return;
    if (at(first.startTime) >= now) marks.push(["form painted", at(first.startTime)]);
    done();
  });
  const done = () => {
    clearTimeout(timer);
    observer.disconnect();
    send();
  };
  timer = setTimeout(done, 2000);
  observer.observe({ type: "paint", buffered: true });
}
