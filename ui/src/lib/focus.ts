/** Svelte action: moves keyboard focus to the element when it appears (if `enabled`). */
export function focusOnMount(node: HTMLElement, enabled: boolean = true) {
  if (enabled) node.focus();
}
