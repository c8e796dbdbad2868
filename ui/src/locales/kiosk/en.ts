// Kiosk mode (the pickup desk): English, the reference. Every other kiosk catalogue has exactly
// these keys (the type `KioskCatalogue`, and i18n.test.ts through the main catalogues).
const kiosk = {
  scan: {
    title: "Pick up your Mac",
    message: "Scan the barcode on the box, or type the serial number or asset tag, then press Enter.",
    label: "Serial number or asset tag",
    submit: "Continue",
    unreadable: "That is not a serial number or asset tag. Scan the barcode again.",
    unknown: "No Mac with “{{scanned}}” was found. Check the label, or ask the IT staff.",
    notEnrolled: "{{mac}} is not ready for pickup yet. Please give it to the IT staff.",
    notStaged: "{{mac}} already belongs to someone else. Please give it to the IT staff.",
  },
  signin: {
    title: "Sign in to pick up this Mac",
    lookingUp: "Looking up this Mac…",
    ready: "ready for pickup",
    cancel: "Cancel",
  },
  done: {
    title: "{{mac}} is now yours, {{name}}.",
    message: "Open it and sign in with your company account.",
    next: "Next person",
  },
  problem: {
    back: "Back",
  },
  exit: {
    title: "Leave the pickup desk",
    label: "IT exit secret",
    submit: "Leave",
    cancel: "Cancel",
    wrong: "That is not the exit secret.",
  },
};

export type KioskCatalogue = Shape<typeof kiosk>;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export default kiosk satisfies KioskCatalogue;
