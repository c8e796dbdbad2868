// What the UI tests ask of the rendered app: which screen shows, fields by label, typing, and a
// working view with the four steps.
import { expect } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/svelte";
import type { HandoffView } from "../bindings/HandoffView";
import type { StepView } from "../bindings/StepView";

/** The value of `<main data-screen>`. */
export function mainScreen(): string | undefined {
  return document.querySelector("main")?.dataset.screen;
}

export async function onScreen(name: string) {
  await waitFor(() => expect(mainScreen()).toBe(name));
}

export function field(label: string | RegExp): HTMLInputElement {
  return screen.getByLabelText(label) as HTMLInputElement;
}

export function type(input: HTMLInputElement, value: string) {
  return fireEvent.input(input, { target: { value } });
}

/** The working screen with verify, assign, saveSignIn and sync in these states. */
export const steps = (...states: StepView["state"][]): HandoffView => ({
  screen: "working",
  steps: (["verify", "assign", "saveSignIn", "sync"] as const).map((step, i) => ({ step, state: states[i] })),
});
