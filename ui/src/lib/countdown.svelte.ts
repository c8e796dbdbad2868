// A whole-second countdown that restarts whenever `source` gives a new value (a new view object
// counts as new even when its number is the same). Use inside a component.

export function countdown(source: () => { seconds: number | null | undefined }) {
  let remaining = $state(0);
  $effect(() => {
    const total = Math.max(0, Math.floor(source().seconds ?? 0));
    remaining = total;
    if (total === 0) return;
    const timer = setInterval(() => {
      remaining = Math.max(0, remaining - 1);
      if (remaining === 0) clearInterval(timer);
    }, 1000);
    return () => clearInterval(timer);
  });
  return {
    get remaining() {
      return remaining;
    },
  };
}
