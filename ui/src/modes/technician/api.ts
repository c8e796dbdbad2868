// Technician mode's calls into Rust (src-tauri/src/technician.rs). Types come from ts-rs.
// The technician's password crosses IPC once, as the argument of `technician_sign_in`; nothing
// here keeps it.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type { TechnicianView } from "../../bindings/TechnicianView";
import type { SearchPurpose } from "../../bindings/SearchPurpose";

/** Name of the event that carries every `TechnicianView` (Rust: `technician::TECHNICIAN_EVENT`). */
export const TECHNICIAN_EVENT = "technician";

export const technicianView = () => invoke<TechnicianView>("technician_view");
export const signIn = (username: string, password: string) =>
  invoke<TechnicianView>("technician_sign_in", { username, password });
export const lookUp = (serial: string) => invoke<TechnicianView>("technician_look_up", { serial });
export const historyPage = (page: number) => invoke<TechnicianView>("technician_history_page", { page });
export const findPerson = (purpose: SearchPurpose) =>
  invoke<TechnicianView>("technician_find_person", { purpose });
export const search = (query: string) => invoke<TechnicianView>("technician_search", { query });
export const choose = (username: string) => invoke<TechnicianView>("technician_choose", { username });
export const askReturn = () => invoke<TechnicianView>("technician_ask_return");
export const confirm = () => invoke<TechnicianView>("technician_confirm");
export const back = () => invoke<TechnicianView>("technician_back");
export const signOut = () => invoke<TechnicianView>("technician_sign_out");

/** Calls `handler` with every view the back end sends. Resolves to the function that stops it. */
export function onTechnician(handler: (view: TechnicianView) => void): Promise<UnlistenFn> {
  return listen<TechnicianView>(TECHNICIAN_EVENT, (event) => handler(event.payload));
}
