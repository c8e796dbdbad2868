import { afterEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { clearMocks } from "@tauri-apps/api/mocks";
import * as api from "./api";
import { backend, repoPath, SIGN_IN } from "../test/backend";
import type { HandoffView } from "../bindings/HandoffView";

afterEach(() => clearMocks());

describe("api", () => {
  it("calls each back-end command with its documented arguments", async () => {
    const b = backend();
    await api.getStartup(["de-CH", "en"]);
    await api.getView();
    await api.usernameEntered("jdoe");
    await api.submitCredentials("jdoe", "pw");
    await api.submitMacPassword("mac-pw");
    await api.skipMacPassword();
    await api.retry();
    await api.quit();
    expect(b.calls).toEqual([
      { cmd: "get_startup", args: { languages: ["de-CH", "en"] } },
      { cmd: "get_view", args: {} },
      { cmd: "username_entered", args: { username: "jdoe" } },
      { cmd: "submit_credentials", args: { username: "jdoe", password: "pw" } },
      { cmd: "submit_mac_password", args: { password: "mac-pw" } },
      { cmd: "skip_mac_password", args: {} },
      { cmd: "retry", args: {} },
      { cmd: "quit", args: {} },
    ]);
  });

  it("delivers handoff events until unlistened", async () => {
    const b = backend();
    const seen: HandoffView[] = [];
    const unlisten = await api.onHandoff((view) => seen.push(view));
    await b.send(SIGN_IN);
    unlisten();
    await b.send({ screen: "done", displayName: "Jane" });
    expect(seen).toEqual([SIGN_IN]);
  });

  it("uses the event name the Rust side defines", () => {
    const rust = readFileSync(repoPath("crates/core/src/ipc.rs"), "utf8");
    const declared = /pub const HANDOFF_EVENT: &str = "([^"]+)";/.exec(rust);
    expect(declared?.[1]).toBe(api.HANDOFF_EVENT);
  });
});
