import { afterEach, describe, expect, it, vi } from "vitest";
import { tick } from "svelte";
import { render, screen, cleanup, createEvent, fireEvent, waitFor, within } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { setupI18n } from "./lib/i18n";
import {
  backend,
  BRANDING,
  READY,
  SIGN_IN,
  UNKNOWN_PROBLEM,
  WRONG_PASSWORD,
} from "./test/backend";
import { field, mainScreen, onScreen, steps, type } from "./test/dom";
import type { HandoffView } from "./bindings/HandoffView";

afterEach(() => {
  cleanup();
  clearMocks();
  vi.useRealTimers();
  setupI18n(["en"]);
  localStorage.clear();
  sessionStorage.clear();
});

const PASSWORD = "c0rrect-Horse/battery ✓";


describe("start", () => {
  it("shows words while starting, then asks get_startup with the person's languages and get_view", async () => {
    let answer: (view: HandoffView) => void = () => {};
    const b = backend({ view: () => new Promise((resolve) => (answer = resolve)) });
    render(App);
    expect(mainScreen()).toBe("checking");
    expect(screen.getByRole("status").textContent).toBe("Starting…");
    await waitFor(() => expect(b.commands()).toEqual(["get_startup", "get_view"]));
    expect(b.calls[0].args).toEqual({ languages: [...navigator.languages] });
    answer({ screen: "checking", detail: { kind: "lookingUpMac" } });
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Looking up this Mac…"));
    expect(screen.getByRole("heading", { name: "Welcome to Example" })).toBeTruthy();
  });

  it("lets a view sent while get_view is on its way win over get_view's older answer", async () => {
    let answer: (view: HandoffView) => void = () => {};
    const b = backend({ view: () => new Promise((resolve) => (answer = resolve)) });
    render(App);
    await waitFor(() => expect(b.commands()).toContain("get_view"));
    await b.send(SIGN_IN);
    answer({ screen: "checking", detail: { kind: "starting" } });
    await tick();
    await onScreen("signin");
    await new Promise((r) => setTimeout(r, 10));
    expect(mainScreen()).toBe("signin");
  });

  it("renders the configured branding on the sign-in form", async () => {
    const b = backend({ startup: { kind: "ready", screen: { ...BRANDING, usernameLabel: "Example ID" } } });
    const { container } = render(App);
    await onScreen("signin");
    expect(screen.getByRole("heading", { name: "Welcome to Example" })).toBeTruthy();
    expect(screen.getByText("Sign in with your Example account.")).toBeTruthy();
    expect(field("Example ID").getAttribute("autocomplete")).toBe("username");
    const main = container.querySelector("main") as HTMLElement;
    expect(main.style.getPropertyValue("--accent")).toBe("#0a84ff");
    // White text on the button fill reaches AA even though #0a84ff itself does not.
    expect(main.style.getPropertyValue("--accent-fill")).not.toBe("#0a84ff");
    const help = screen.getByRole("link", { name: /Help/ });
    expect(help.getAttribute("href")).toBe("https://help.example.test/mac");
    // The webview never navigates: the back end opens the configured link.
    await fireEvent.click(help);
    await waitFor(() => expect(b.commands()).toContain("open_help"));
  });

  it("says so on the sign-in form when Baton plays another Mac's identity (test mode), and not otherwise", async () => {
    backend({ startup: { kind: "ready", screen: { ...BRANDING, identityOverride: "C02DEMO00001" } } });
    render(App);
    await onScreen("signin");
    const note = screen.getByRole("note");
    expect(note.textContent).toContain("C02DEMO00001");
    expect(note.textContent).toContain("Test mode");
    cleanup();
    clearMocks();
    backend();
    render(App);
    await onScreen("signin");
    expect(screen.queryByRole("note")).toBeNull();
  });

  it("shows the problem with its support code when the configuration is broken, and Close quits", async () => {
    const b = backend({
      startup: {
        kind: "misconfigured",
        problem: {
          code: "CFG-001",
          summary: "Baton is not set up correctly on this Mac.",
          nextStep: "Contact your IT department.",
          exit: "usage",
        },
      },
    });
    render(App);
    await onScreen("problem");
    expect(within(screen.getByRole("alert")).getByRole("heading").textContent).toBe(
      "Baton is not set up correctly on this Mac.",
    );
    expect(screen.getByTestId("support-code").textContent).toBe("CFG-001");
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
    expect(b.commands()).not.toContain("get_view");
    await fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(b.commands()).toContain("quit");
  });

  it("says something plain when the back end cannot be reached, and Try again starts over", async () => {
    let fail = true;
    const b = backend({
      commands: {
        get_startup: () => {
          if (fail) throw new Error("ipc down");
          return READY;
        },
      },
    });
    render(App);
    expect(await screen.findByRole("heading", { name: "Baton could not start." })).toBeTruthy();
    fail = false;
    await fireEvent.click(screen.getByRole("button", { name: "Try again" }));
    await onScreen("signin");
    expect(b.commands().filter((c) => c === "get_startup")).toHaveLength(2);
    expect(b.commands()).not.toContain("retry");
  });
});

describe("checking", () => {
  it("says when it is offline and counts down to the next attempt, then moves on", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const b = backend({ view: { screen: "checking", detail: { kind: "offline", retryInSeconds: 5, attempt: 2 } } });
    render(App);
    await waitFor(() => expect(screen.getByText("No connection — trying again in 5 s")).toBeTruthy());
    expect(screen.getByRole("status").textContent).toBe("No connection. Baton keeps trying by itself.");
    vi.advanceTimersByTime(2000);
    await tick();
    expect(screen.getByText("No connection — trying again in 3 s")).toBeTruthy();
    // The next attempt fails too: the countdown starts again even with the same number.
    vi.advanceTimersByTime(3000);
    await tick();
    expect(screen.getByText("No connection — trying again in 0 s")).toBeTruthy();
    await b.send({ screen: "checking", detail: { kind: "offline", retryInSeconds: 5, attempt: 3 } });
    expect(screen.getByText("No connection — trying again in 5 s")).toBeTruthy();
    await b.send({ screen: "checking", detail: { kind: "lookingUpMac" } });
    expect(screen.getByRole("status").textContent).toBe("Looking up this Mac…");
    expect(screen.queryByText(/No connection/)).toBeNull();
    await b.send(SIGN_IN);
    expect(mainScreen()).toBe("signin");
  });
});

describe("sign-in", () => {
  it("focuses the username first and has the fields password managers expect", async () => {
    backend();
    render(App);
    await onScreen("signin");
    const username = field("Username");
    const password = field("Password");
    expect(document.activeElement).toBe(username);
    expect(password.type).toBe("password");
    expect(password.getAttribute("autocomplete")).toBe("current-password");
    for (const input of [username, password]) {
      const max = input.getAttribute("maxlength");
      expect(max === null || Number(max) >= 256).toBe(true);
    }
    expect(screen.getByRole("button", { name: "Continue" }).getAttribute("type")).toBe("submit");
  });

  it("lets password managers and paste fill both fields", async () => {
    backend();
    render(App);
    await onScreen("signin");
    for (const input of [field("Username"), field("Password")]) {
      const paste = createEvent.paste(input);
      await fireEvent(input, paste);
      expect(paste.defaultPrevented).toBe(false);
      expect(input.readOnly || input.disabled).toBe(false);
    }
  });

  it("walks checking → sign-in → working → done, and the password is only in submit_credentials", async () => {
    const b = backend({ view: { screen: "checking", detail: { kind: "lookingUpMac" } } });
    render(App);
    await waitFor(() => expect(screen.getByRole("status").textContent).toBe("Looking up this Mac…"));
    await b.send(SIGN_IN);
    const password = field("Password");
    type(field("Username"), "  jdoe@example.com ");
    type(password, PASSWORD);
    await fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(password.value).toBe("");
    await b.send(steps("active", "pending", "pending", "pending"));
    expect(mainScreen()).toBe("working");
    await b.send(steps("done", "done", "active", "pending"));
    await b.send({ screen: "done", displayName: "Jane Doe" });
    expect(mainScreen()).toBe("done");
    expect(screen.getByRole("heading").textContent).toBe("You’re all set, Jane Doe");

    const carrying = b.calls.filter((c) => JSON.stringify(c.args ?? null).includes(PASSWORD));
    expect(carrying).toEqual([
      { cmd: "submit_credentials", args: { username: "jdoe@example.com", password: PASSWORD } },
    ]);
    expect(localStorage.length + sessionStorage.length).toBe(0);
    expect(document.body.innerHTML).not.toContain(PASSWORD);
  });

  it("comes back from a wrong password with the problem inline, the username kept and the password empty", async () => {
    const b = backend();
    render(App);
    await onScreen("signin");
    type(field("Username"), "jdoe");
    type(field("Password"), "wrong");
    await fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await b.send(steps("active", "pending", "pending", "pending"));
    await b.send({ screen: "signIn", resume: false, problem: WRONG_PASSWORD, retryAfterSeconds: null });
    expect(mainScreen()).toBe("signin");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("The username or password is incorrect.");
    expect(alert.textContent).toContain("Check your username and password, then try again.");
    expect(within(alert).getByTestId("support-code").textContent).toBe("DIR-049");
    expect(field("Username").value).toBe("jdoe");
    expect(field("Password").value).toBe("");
    expect(document.activeElement).toBe(field("Password"));
  });

  it("empties the password field when the screen changes away from sign-in without a submit", async () => {
    const b = backend();
    render(App);
    await onScreen("signin");
    const password = field("Password");
    type(password, PASSWORD);
    await b.send({ screen: "checking", detail: { kind: "lookingUpMac" } });
    expect(mainScreen()).toBe("checking");
    expect(password.value).toBe("");
    expect(b.calls.some((c) => JSON.stringify(c.args ?? null).includes(PASSWORD))).toBe(false);
  });

  it("counts a throttle down with Continue disabled, then allows it again", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    const b = backend({
      view: {
        screen: "signIn",
        resume: false,
        retryAfterSeconds: 3,
        problem: { ...WRONG_PASSWORD, code: "DIR-429", summary: "Too many unsuccessful sign-in attempts.", nextStep: "Wait a few minutes, then try again.", exit: "throttled" },
      },
    });
    render(App);
    await onScreen("signin");
    const submit = screen.getByRole("button", { name: "Continue" }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(screen.getByText("Too many attempts — try again in 3 s")).toBeTruthy();
    expect(screen.getByRole("status").textContent).toBe("Too many attempts. Wait a moment before you try again.");
    type(field("Username"), "jdoe");
    type(field("Password"), "pw");
    await fireEvent.submit(submit.form as HTMLFormElement);
    expect(b.commands()).not.toContain("submit_credentials");
    vi.advanceTimersByTime(1000);
    await tick();
    expect(screen.getByText("Too many attempts — try again in 2 s")).toBeTruthy();
    vi.advanceTimersByTime(2000);
    await tick();
    expect(submit.disabled).toBe(false);
    expect(screen.queryByText(/Too many attempts —/)).toBeNull();
    expect(screen.getByRole("status").textContent).toBe("You can try again now.");
    await fireEvent.click(submit);
    expect(b.commands()).toContain("submit_credentials");
  });

  it("asks for what is missing instead of submitting an empty field", async () => {
    const b = backend();
    render(App);
    await onScreen("signin");
    await fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(screen.getByRole("alert").textContent).toContain("Enter your username.");
    expect(field("Username").getAttribute("aria-invalid")).toBe("true");
    type(field("Username"), "jdoe");
    await fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(screen.getByRole("alert").textContent).toContain("Enter your password.");
    expect(document.activeElement).toBe(field("Password"));
    expect(b.commands()).not.toContain("submit_credentials");
  });

  it("says so when the sign-in could not be handed to the back end", async () => {
    backend({
      commands: {
        submit_credentials: () => {
          throw new Error("ipc down");
        },
      },
    });
    render(App);
    await onScreen("signin");
    type(field("Username"), "jdoe");
    type(field("Password"), PASSWORD);
    await fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toContain("Your sign-in could not be sent to Baton."),
    );
    expect(field("Password").value).toBe("");
    expect((screen.getByRole("button", { name: "Continue" }) as HTMLButtonElement).disabled).toBe(false);
  });

  it("shows and hides the password, and hides it again on submit", async () => {
    backend();
    render(App);
    await onScreen("signin");
    const password = field("Password");
    const show = screen.getByRole("checkbox", { name: "Show password" });
    await fireEvent.click(show);
    expect(password.type).toBe("text");
    await fireEvent.click(show);
    expect(password.type).toBe("password");
    await fireEvent.click(show);
    type(field("Username"), "jdoe");
    type(password, PASSWORD);
    await fireEvent.click(screen.getByRole("button", { name: "Continue" }));
    expect(password.type).toBe("password");
  });

  it("hints when Caps Lock is on while typing the password", async () => {
    backend();
    render(App);
    await onScreen("signin");
    const password = field("Password");
    const hint = document.getElementById(password.getAttribute("aria-describedby") as string) as HTMLElement;
    expect(hint.textContent?.trim()).toBe("");
    await fireEvent.keyDown(password, { key: "A", modifierCapsLock: true });
    expect(hint.textContent).toContain("Caps Lock is on");
    await fireEvent.keyUp(password, { key: "a", modifierCapsLock: false });
    expect(hint.textContent?.trim()).toBe("");
  });

  it("lets the back end look the user up on blur, once per username", async () => {
    const b = backend();
    render(App);
    await onScreen("signin");
    const username = field("Username");
    type(username, "jdoe");
    await fireEvent.blur(username);
    await fireEvent.blur(username);
    type(username, "jdoe2");
    await fireEvent.blur(username);
    expect(b.calls.filter((c) => c.cmd === "username_entered")).toEqual([
      { cmd: "username_entered", args: { username: "jdoe" } },
      { cmd: "username_entered", args: { username: "jdoe2" } },
    ]);
  });

  it("lets the back end look the user up after a pause in typing", async () => {
    const b = backend();
    render(App);
    await onScreen("signin");
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const username = field("Username");
    type(username, "jd");
    vi.advanceTimersByTime(400);
    type(username, "jdoe");
    vi.advanceTimersByTime(700);
    expect(b.commands()).not.toContain("username_entered");
    vi.advanceTimersByTime(200);
    vi.useRealTimers();
    await waitFor(() => expect(b.commands()).toContain("username_entered"));
    expect(b.calls.find((c) => c.cmd === "username_entered")?.args).toEqual({ username: "jdoe" });
  });

  it("asks to sign in once more when the hand-off only needs finishing", async () => {
    backend({ view: { screen: "signIn", resume: true, problem: null, retryAfterSeconds: null } });
    render(App);
    await onScreen("signin");
    expect(screen.getByText("Sign in once more to finish setting up")).toBeTruthy();
    expect(screen.queryByText("Sign in with your Example account.")).toBeNull();
  });
});

describe("working", () => {
  it("shows one line per step with its state and announces the step in progress", async () => {
    const b = backend();
    render(App);
    await onScreen("signin");
    await b.send(steps("done", "active", "pending", "skipped"));
    const items = screen.getAllByRole("listitem");
    expect(items.map((li) => li.textContent?.replace(/\s+/g, " ").trim())).toEqual([
      "Verifying your account (Done)",
      "Assigning this Mac to you (In progress)",
      "Saving your sign-in (Waiting)",
      "Syncing your settings (Skipped)",
    ]);
    expect(items[1].getAttribute("aria-current")).toBe("step");
    expect(screen.getByRole("status").textContent).toBe("Assigning this Mac to you…");
    await b.send(steps("done", "done", "failed", "pending"));
    expect(screen.getByRole("status").textContent).toBe("Saving your sign-in: Failed");
  });
});

describe("problem", () => {
  it("offers Try again when the back end allows it, and a help link", async () => {
    const b = backend({ view: { screen: "problem", problem: UNKNOWN_PROBLEM, canRetry: true } });
    render(App);
    await onScreen("problem");
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain(UNKNOWN_PROBLEM.summary);
    expect(alert.textContent).toContain(UNKNOWN_PROBLEM.nextStep);
    expect(screen.getByTestId("support-code").textContent).toBe("KEY-123");
    expect(screen.getByRole("link", { name: /Help/ }).getAttribute("href")).toBe(BRANDING.helpUrl);
    const again = screen.getByRole("button", { name: "Try again" });
    expect(document.activeElement).toBe(again);
    await fireEvent.click(again);
    expect(b.commands()).toContain("retry");
    await b.send({ screen: "checking", detail: { kind: "lookingUpMac" } });
    await b.send(SIGN_IN);
    expect(mainScreen()).toBe("signin");
  });

  it("offers Close instead when it cannot be retried", async () => {
    const b = backend({ view: { screen: "problem", problem: UNKNOWN_PROBLEM, canRetry: false } });
    render(App);
    await onScreen("problem");
    expect(screen.queryByRole("button", { name: "Try again" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Close" }));
    expect(b.commands()).toContain("quit");
    expect(b.commands()).not.toContain("retry");
  });
});

describe("done and already set up", () => {
  it("closes Baton from the done screen", async () => {
    const b = backend({ view: { screen: "done", displayName: "Jane Doe" } });
    render(App);
    await onScreen("done");
    expect(screen.getByText(/This Mac now belongs to you/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Done" }));
    expect(b.commands()).toContain("quit");
  });

  it("says who the Mac is set up for, and Close calls quit", async () => {
    const b = backend({ view: { screen: "assigned", displayName: "Jane Doe" } });
    render(App);
    await onScreen("assigned");
    expect(screen.getByRole("heading").textContent).toBe("This Mac is set up for Jane Doe");
    expect(b.commands()).not.toContain("quit");
    const close = screen.getByRole("button", { name: "Close" });
    expect(document.activeElement).toBe(close);
    await fireEvent.click(close);
    expect(b.commands()).toContain("quit");
  });
});

describe("languages", () => {
  it("speaks the OS language and translates known support codes, keeping Rust's English for others", async () => {
    setupI18n(["de-DE", "en"]);
    const b = backend({ view: { screen: "signIn", resume: false, problem: WRONG_PASSWORD, retryAfterSeconds: null } });
    render(App);
    await onScreen("signin");
    expect(document.documentElement.lang).toBe("de");
    expect(field("Benutzername")).toBeTruthy();
    expect(field("Passwort").type).toBe("password");
    expect(screen.getByRole("button", { name: "Fortfahren" })).toBeTruthy();
    expect(screen.getByRole("alert").textContent).toContain("Benutzername oder Passwort ist falsch.");
    await b.send({ screen: "problem", problem: UNKNOWN_PROBLEM, canRetry: true });
    expect(screen.getByRole("alert").textContent).toContain(UNKNOWN_PROBLEM.summary);
    expect(screen.getByRole("button", { name: "Erneut versuchen" })).toBeTruthy();
  });
});
