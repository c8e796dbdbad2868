// The kiosk's commands (src-tauri/src/kiosk.rs). Types come from ts-rs (src/bindings/).
//
// The password crosses IPC once, as the argument of `kiosk_submit`; IT's exit secret once, as
// the argument of `kiosk_exit`. Nothing here keeps either.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { KioskView } from "../../bindings/KioskView";
import type { KioskDevice } from "../../bindings/KioskDevice";

/** Name of the event that carries every `KioskView` (Rust: `kiosk::KIOSK_EVENT`). */
export const KIOSK_EVENT = "kiosk";

export function kioskView(): Promise<KioskView> {
  return invoke<KioskView>("kiosk_view");
}

/** The scanner pressed Enter: the sign-in form follows at once, the Mac's look-up as an event. */
export function kioskScan(code: string): Promise<void> {
  return invoke<void>("kiosk_scan", { code });
}

export function kioskUsernameEntered(username: string): Promise<void> {
  return invoke<void>("kiosk_username_entered", { username });
}

export function kioskSubmit(username: string, password: string): Promise<void> {
  return invoke<void>("kiosk_submit", { username, password });
}

/** Someone is at the desk: the inactivity reset starts over. */
export function kioskActivity(): Promise<void> {
  return invoke<void>("kiosk_activity");
}

/** "Next person", "Cancel", "Back": the scan screen, every field empty. */
export function kioskNextPerson(): Promise<void> {
  return invoke<void>("kiosk_next_person");
}

/** IT's way out; resolves to whether the secret was right (the app then quits). */
export function kioskExit(secret: string): Promise<boolean> {
  return invoke<boolean>("kiosk_exit", { secret });
}

export function onKiosk(handler: (view: KioskView) => void): Promise<UnlistenFn> {
  return listen<KioskView>(KIOSK_EVENT, (event) => handler(event.payload));
}

/** "MacBook Air · C02…": how the desk names a Mac. */
export function macName(device: KioskDevice): string {
  return device.model ? `${device.model} · ${device.serial}` : device.serial;
}
