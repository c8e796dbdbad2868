// The one place the UI talks to Rust. Argument and result types come from ts-rs
// (src/bindings/), generated from the Rust types; never hand-written here.
import { invoke } from "@tauri-apps/api/core";
import type { Startup } from "../bindings/Startup";

/** The sign-in screen for the person's languages, or why Baton cannot start. */
export function getStartup(languages: readonly string[] = navigator.languages): Promise<Startup> {
  return invoke<Startup>("get_startup", { languages: [...languages] });
}
