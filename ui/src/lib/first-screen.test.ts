import { describe, expect, it } from "vitest";
import { FIRST_SCREEN_ID, takeFirstScreen } from "./first-screen";
import { READY, SIGN_IN } from "../test/backend";

/** A page whose head holds `text` as the first-screen block. */
function page(text: string): Document {
  const doc = document.implementation.createHTMLDocument("Baton");
  const block = doc.head.appendChild(doc.createElement("script"));
  block.type = "application/json";
  block.id = FIRST_SCREEN_ID;
  block.textContent = text;
  return doc;
}

const served = (languages: string[]) => JSON.stringify({ languages, startup: READY, view: SIGN_IN });

describe("takeFirstScreen", () => {
  it("returns the first screen resolved for the page's languages, and takes the block out", () => {
    const doc = page(served(["en-US"]));
    expect(takeFirstScreen(doc, ["en-US"])).toEqual({ languages: ["en-US"], startup: READY, view: SIGN_IN });
    expect(doc.getElementById(FIRST_SCREEN_ID)).toBeNull();
    expect(takeFirstScreen(doc, ["en-US"])).toBeNull();
  });

  it("compares languages without regard to case or _ and -", () => {
    expect(takeFirstScreen(page(served(["pt_br"])), ["pt-BR"])).not.toBeNull();
  });

  it("is not used when it was resolved for other languages (the page asks over IPC)", () => {
    expect(takeFirstScreen(page(served(["de-DE"])), ["en-US"])).toBeNull();
    expect(takeFirstScreen(page(served(["en-US"])), ["en-US", "de-DE"])).toBeNull();
    expect(takeFirstScreen(page(served([])), ["en-US"])).toBeNull();
  });

  it("is not used when it cannot be read", () => {
    for (const text of ["", "{", "null", "[]", '{"languages":["en-US"]}', JSON.stringify({ languages: ["en-US"], startup: READY })]) {
      expect(takeFirstScreen(page(text), ["en-US"]), text).toBeNull();
    }
    expect(takeFirstScreen(document.implementation.createHTMLDocument("none"), ["en-US"])).toBeNull();
  });
});
