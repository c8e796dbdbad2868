// The Mac password screen, through the whole app (App.svelte picks it for the `macPassword` view).
import { afterEach, describe, expect, it } from "vitest";
import { tick } from "svelte";
import { render, screen, cleanup, fireEvent, waitFor, within } from "@testing-library/svelte";
import { clearMocks } from "@tauri-apps/api/mocks";
import App from "../App.svelte";
import { setupI18n } from "../lib/i18n";
import { backend, MAC_PASSWORD, WRONG_MAC_PASSWORD } from "../test/backend";
import { field, mainScreen, onScreen, steps, type } from "../test/dom";
import type { HandoffView } from "../bindings/HandoffView";

afterEach(() => {
  cleanup();
  clearMocks();
  setupI18n(["en"]);
  localStorage.clear();
  sessionStorage.clear();
});

const DIRECTORY_PASSWORD = "c0rrect-Horse/battery ✓";
const MAC_PW = "M4c unlock — ß ✓";

function button(name: string): HTMLButtonElement {
  return screen.getByRole("button", { name }) as HTMLButtonElement;
}
const refused: HandoffView = { screen: "macPassword", problem: WRONG_MAC_PASSWORD };
/** Every recorded call whose arguments contain `secret`. */
const carrying = (b: ReturnType<typeof backend>, secret: string) =>
  b.calls.filter((c) => JSON.stringify(c.args ?? null).includes(secret));

describe("Mac password", () => {
  it("is shown for the macPassword view: branding, what it is for, a focused password field", async () => {
    backend({ view: MAC_PASSWORD });
    render(App);
    await onScreen("macpassword");
    expect(screen.getByRole("heading", { level: 1, name: "Welcome to Example" })).toBeTruthy();
    expect(screen.getByRole("region", { name: "Enter your Mac password" })).toBeTruthy();
    expect(screen.getByText(/Baton needs the password you use to unlock this Mac\. It is used once and not saved\./)).toBeTruthy();
    const input = field("Mac password");
    expect(document.activeElement).toBe(input);
    expect(input.type).toBe("password");
    expect(input.getAttribute("autocomplete")).toBe("current-password");
    expect(input.getAttribute("autocapitalize")).toBe("off");
    expect(input.getAttribute("spellcheck")).toBe("false");
    expect(input.getAttribute("aria-invalid")).toBeNull();
    expect(button("Continue").type).toBe("submit");
    const skip = button("Skip");
    expect(skip.type).toBe("button");
    expect(document.getElementById(skip.getAttribute("aria-describedby") as string)?.textContent).toBe(
      "If you skip, NoMAD may ask you once for permission to use your password.",
    );
    expect(screen.getByRole("link", { name: /Help/ })).toBeTruthy();
    expect(screen.getByRole("alert").textContent?.trim()).toBe("");
  });

  it("walks sign-in → working → Mac password → working → done; each password only in its own call", async () => {
    const b = backend();
    render(App);
    await onScreen("signin");
    type(field("Username"), "jdoe");
    type(field("Password"), DIRECTORY_PASSWORD);
    await fireEvent.click(button("Continue"));
    await b.send(steps("active", "pending", "pending", "pending"));
    await b.send(steps("done", "done", "pending", "pending"));
    await b.send(MAC_PASSWORD);
    expect(mainScreen()).toBe("macpassword");
    const input = field("Mac password");
    expect(input.value).toBe("");
    type(input, MAC_PW);
    await fireEvent.submit(input.form as HTMLFormElement);
    expect(input.value).toBe("");
    await b.send(steps("done", "done", "active", "pending"));
    expect(mainScreen()).toBe("working");
    await b.send({ screen: "done", displayName: "Jane Doe" });
    expect(mainScreen()).toBe("done");

    expect(carrying(b, MAC_PW)).toEqual([{ cmd: "submit_mac_password", args: { password: MAC_PW } }]);
    expect(carrying(b, DIRECTORY_PASSWORD)).toEqual([
      { cmd: "submit_credentials", args: { username: "jdoe", password: DIRECTORY_PASSWORD } },
    ]);
    expect(b.commands()).not.toContain("skip_mac_password");
    expect(localStorage.length + sessionStorage.length).toBe(0);
    expect(document.body.innerHTML).not.toContain(MAC_PW);
  });

  it("sends exactly submit_mac_password {password}, empties the field at once and hides the password again", async () => {
    const b = backend({ view: MAC_PASSWORD });
    render(App);
    await onScreen("macpassword");
    const input = field("Mac password");
    await fireEvent.click(screen.getByRole("checkbox", { name: "Show password" }));
    expect(input.type).toBe("text");
    type(input, MAC_PW);
    await fireEvent.click(button("Continue"));
    expect(input.value).toBe("");
    expect(input.type).toBe("password");
    await waitFor(() => expect(b.commands()).toContain("submit_mac_password"));
    expect(b.calls.filter((c) => c.cmd !== "get_startup" && c.cmd !== "get_view")).toEqual([
      { cmd: "submit_mac_password", args: { password: MAC_PW } },
    ]);
    expect(document.body.innerHTML).not.toContain(MAC_PW);
  });

  it("asks for the password instead of sending an empty one", async () => {
    const b = backend({ view: MAC_PASSWORD });
    render(App);
    await onScreen("macpassword");
    const input = field("Mac password");
    button("Continue").focus();
    await fireEvent.click(button("Continue"));
    expect(screen.getByRole("alert").textContent).toContain("Enter your Mac password.");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(input.getAttribute("aria-describedby")?.split(" ")).toContain(screen.getByRole("alert").id);
    expect(document.activeElement).toBe(input);
    expect(b.commands()).not.toContain("submit_mac_password");
    // Typing takes the mark away; the message stays until the next try.
    await type(input, "x");
    expect(input.getAttribute("aria-invalid")).toBeNull();
  });

  it("Skip sends skip_mac_password without the password and empties the field", async () => {
    const b = backend({ view: MAC_PASSWORD });
    render(App);
    await onScreen("macpassword");
    const input = field("Mac password");
    type(input, MAC_PW);
    await fireEvent.click(button("Skip"));
    expect(input.value).toBe("");
    await waitFor(() => expect(b.commands()).toContain("skip_mac_password"));
    expect(b.calls.find((c) => c.cmd === "skip_mac_password")?.args).toEqual({});
    expect(b.commands()).not.toContain("submit_mac_password");
    expect(carrying(b, MAC_PW)).toEqual([]);
    await b.send(steps("done", "done", "active", "pending"));
    expect(mainScreen()).toBe("working");
  });

  it("shows a refusal inline, translated with its support code, with the field emptied and focused again", async () => {
    const b = backend({ view: MAC_PASSWORD });
    render(App);
    await onScreen("macpassword");
    const input = field("Mac password");
    type(input, "not-it");
    const submit = button("Continue");
    submit.focus(); // clicked with the mouse
    await fireEvent.click(submit);
    await waitFor(() => expect(b.commands()).toContain("submit_mac_password"));
    type(input, "half-typed"); // the person starts again before the answer arrives
    await b.send(refused);
    // The same screen stayed: the same field, not a new one.
    expect(field("Mac password")).toBe(input);
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("That is not the password of this Mac.");
    expect(alert.textContent).toContain("Enter the password you use to unlock this Mac, or choose Skip.");
    expect(within(alert).getByTestId("support-code").textContent).toBe("MACPW-WRONG");
    expect(input.value).toBe("");
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(input);

    // A second refusal in a row is a new view too: focus comes back again.
    type(input, "still-not-it");
    await fireEvent.submit(input.form as HTMLFormElement);
    submit.focus();
    await b.send({ ...refused });
    expect(document.activeElement).toBe(input);
    expect(b.calls.filter((c) => c.cmd === "submit_mac_password").map((c) => c.args)).toEqual([
      { password: "not-it" },
      { password: "still-not-it" },
    ]);
  });

  it("replaces its own message with the back end's problem when one arrives", async () => {
    const b = backend({ view: MAC_PASSWORD });
    render(App);
    await onScreen("macpassword");
    await fireEvent.click(button("Continue"));
    expect(screen.getByRole("alert").textContent).toContain("Enter your Mac password.");
    await b.send(refused);
    expect(screen.getByRole("alert").textContent).not.toContain("Enter your Mac password.");
    expect(screen.getByRole("alert").textContent).toContain("That is not the password of this Mac.");
  });

  it("disables both buttons while the password is on its way", async () => {
    let answer: () => void = () => {};
    backend({
      view: MAC_PASSWORD,
      commands: { submit_mac_password: () => new Promise<void>((resolve) => (answer = resolve)) },
    });
    render(App);
    await onScreen("macpassword");
    type(field("Mac password"), MAC_PW);
    await fireEvent.click(button("Continue"));
    expect(button("Continue").disabled).toBe(true);
    expect(button("Skip").disabled).toBe(true);
    answer();
    await waitFor(() => expect(button("Continue").disabled).toBe(false));
    expect(button("Skip").disabled).toBe(false);
  });

  it("says so and focuses the field when the password could not be handed to the back end", async () => {
    backend({
      view: MAC_PASSWORD,
      commands: {
        submit_mac_password: () => {
          throw new Error("ipc down");
        },
      },
    });
    render(App);
    await onScreen("macpassword");
    const input = field("Mac password");
    type(input, MAC_PW);
    button("Continue").focus();
    await fireEvent.click(button("Continue"));
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toContain("Your Mac password could not be sent to Baton. Try again."),
    );
    expect(input.value).toBe("");
    expect(document.activeElement).toBe(input);
    expect(button("Continue").disabled).toBe(false);
  });

  it("says so and keeps Skip focused when skipping could not be handed to the back end", async () => {
    backend({
      view: MAC_PASSWORD,
      commands: {
        skip_mac_password: () => {
          throw new Error("ipc down");
        },
      },
    });
    render(App);
    await onScreen("macpassword");
    const skip = button("Skip");
    skip.focus();
    await fireEvent.click(skip);
    await waitFor(() =>
      expect(screen.getByRole("alert").textContent).toContain("Baton could not skip this step. Try again."),
    );
    await waitFor(() => expect(document.activeElement).toBe(skip));
    expect(skip.disabled).toBe(false);
  });

  it("empties the field when the screen changes away without a submit", async () => {
    const b = backend({ view: MAC_PASSWORD });
    render(App);
    await onScreen("macpassword");
    const input = field("Mac password");
    type(input, MAC_PW);
    await b.send({ screen: "problem", problem: { ...WRONG_MAC_PASSWORD, code: "KEY-1" }, canRetry: true });
    expect(mainScreen()).toBe("problem");
    expect(input.value).toBe("");
    expect(carrying(b, MAC_PW)).toEqual([]);
  });

  it("hints when Caps Lock is on while typing the Mac password", async () => {
    backend({ view: MAC_PASSWORD });
    render(App);
    await onScreen("macpassword");
    const input = field("Mac password");
    const hint = document.getElementById("mac-password-caps-lock") as HTMLElement;
    expect(input.getAttribute("aria-describedby")?.split(" ")).toContain("mac-password-caps-lock");
    expect(hint.textContent?.trim()).toBe("");
    await fireEvent.keyDown(input, { key: "A", modifierCapsLock: true });
    expect(hint.textContent).toContain("Caps Lock is on");
    await fireEvent.blur(input);
    expect(hint.textContent?.trim()).toBe("");
  });

  it("speaks German with the German strings and the translated refusal", async () => {
    setupI18n(["de-DE", "en"]);
    const b = backend({ view: refused });
    render(App);
    await onScreen("macpassword");
    await tick();
    expect(screen.getByRole("region", { name: "Geben Sie Ihr Mac-Passwort ein" })).toBeTruthy();
    const input = field("Mac-Passwort");
    expect(document.activeElement).toBe(input);
    expect(screen.getByRole("checkbox", { name: "Passwort anzeigen" })).toBeTruthy();
    expect(button("Fortfahren").type).toBe("submit");
    expect(button("Überspringen").type).toBe("button");
    expect(screen.getByText(/NoMAD Sie möglicherweise einmal um Erlaubnis/)).toBeTruthy();
    const alert = screen.getByRole("alert");
    expect(alert.textContent).toContain("Das ist nicht das Passwort dieses Mac.");
    expect(alert.textContent).not.toContain(WRONG_MAC_PASSWORD.summary);
    expect(within(alert).getByTestId("support-code").textContent).toBe("MACPW-WRONG");
    await b.send(MAC_PASSWORD);
    await fireEvent.click(button("Fortfahren"));
    expect(screen.getByRole("alert").textContent).toContain("Geben Sie Ihr Mac-Passwort ein.");
  });
});
