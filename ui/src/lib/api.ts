// The one place the UI talks to Rust. Argument and result types come from ts-rs
// (src/bindings/), generated from the Rust types; never hand-written here.
//
// Passwords cross IPC exactly once each: the directory password as an argument of
// `submit_credentials`, and the Mac (login keychain) password, when Baton asks for it, as the
// argument of `submit_mac_password`. Nothing here keeps either: no variable outside that call,
// no store, no Web Storage.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { Startup } from "../bindings/Startup";
import type { HandoffView } from "../bindings/HandoffView";
import type { StartupMark } from "../bindings/StartupMark";

/** Name of the event that carries every `HandoffView` (Rust: `ipc::HANDOFF_EVENT`). */
export const HANDOFF_EVENT = "handoff";

/** The sign-in screen for the person's languages, or why Baton cannot start. */
export function getStartup(languages: readonly string[] = navigator.languages): Promise<Startup> {
  return invoke<Startup>("get_startup", { languages: [...languages] });
}

/** What the hand-off shows now (e.g. after a reload); later changes arrive as events. */
export function getView(): Promise<HandoffView> {
  return invoke<HandoffView>("get_view");
}

/** The username is complete (blur or a pause): the back end may look the user up in UEM now. */
export function usernameEntered(username: string): Promise<void> {
  return invoke<void>("username_entered", { username });
}

/** Starts the hand-off. Progress and the result arrive as `handoff` events. */
export function submitCredentials(username: string, password: string): Promise<void> {
  return invoke<void>("submit_credentials", { username, password });
}

/**
 * The password that unlocks this Mac (its login keychain), asked for after the Mac is assigned
 * when Baton adds partition IDs to its Keychain items. Returns at once; the answer arrives as a
 * `handoff` event: `working` (the password was right, the sign-in is being saved) or
 * `macPassword` again with its `problem` set (wrong password).
 */
export function submitMacPassword(password: string): Promise<void> {
  return invoke<void>("submit_mac_password", { password });
}

/** "Skip" on the Mac password: the sign-in is saved without the partition list (NoMAD may ask once). */
export function skipMacPassword(): Promise<void> {
  return invoke<void>("skip_mac_password");
}

/** "Try again" on a problem. */
export function retry(): Promise<void> {
  return invoke<void>("retry");
}

/** Close: the hand-off is over (or there is nothing to do). */
export function quit(): Promise<void> {
  return invoke<void>("quit");
}

/** Calls `handler` with every view the back end sends. Resolves to the function that stops it. */
export function onHandoff(handler: (view: HandoffView) => void): Promise<UnlistenFn> {
  return listen<HandoffView>(HANDOFF_EVENT, (event) => handler(event.payload));
}

/** The sign-in form can be typed into: the back end logs the start-up time and trace once. */
export function formReady(marks: StartupMark[] = []): Promise<void> {
  return invoke<void>("form_ready", { marks });
}

/** Opens the configured HelpURL in the default browser. */
export function openHelp(): Promise<void> {
  return invoke<void>("open_help");
}
