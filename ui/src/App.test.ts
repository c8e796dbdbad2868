import { afterEach, describe, expect, it } from "vitest";
import { render, screen, cleanup } from "@testing-library/svelte";
import { mockIPC, clearMocks } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import type { Startup } from "./bindings/Startup";

afterEach(() => {
  cleanup();
  clearMocks();
});

function serve(startup: Startup | Error) {
  const calls: Array<{ cmd: string; args: unknown }> = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (startup instanceof Error) throw startup;
    return startup;
  });
  return calls;
}

describe("App", () => {
  it("renders the configured title and message and asks with the person's languages", async () => {
    const calls = serve({
      kind: "ready",
      screen: {
        mode: "self-service",
        title: "Welcome to Example",
        message: "Sign in with your Example account.",
        usernameLabel: "Example ID",
        accentColor: "#0A84FF",
        helpUrl: null,
      },
    });
    const { container } = render(App);
    expect(await screen.findByRole("heading", { name: "Welcome to Example" })).toBeTruthy();
    expect(screen.getByText("Sign in with your Example account.")).toBeTruthy();
    expect(screen.getByLabelText("Example ID").getAttribute("autocomplete")).toBe("username");
    expect(screen.getByLabelText("Password").getAttribute("type")).toBe("password");
    expect(container.querySelector("main")?.dataset.screen).toBe("signin");
    expect(calls).toHaveLength(1);
    expect(calls[0].cmd).toBe("get_startup");
    expect(calls[0].args).toEqual({ languages: [...navigator.languages] });
  });

  it("shows the problem with its support code when the configuration is broken", async () => {
    serve({
      kind: "misconfigured",
      problem: {
        code: "CFG-001",
        summary: "Baton is not set up correctly on this Mac.",
        nextStep: "Contact your IT department.",
        exit: "usage",
      },
    });
    const { container } = render(App);
    expect(await screen.findByRole("alert")).toBeTruthy();
    expect(screen.getByTestId("support-code").textContent).toBe("CFG-001");
    expect(container.querySelector("main")?.dataset.screen).toBe("problem");
  });

  it("says something plain when the back end cannot be reached", async () => {
    serve(new Error("ipc down"));
    render(App);
    expect(await screen.findByRole("heading", { name: "Baton could not start." })).toBeTruthy();
  });
});
