// The English catalogue is the reference: every other catalogue has exactly these keys (checked
// by the type `Catalogue` at compile time and by i18n.test.ts at run time).
//
// `problems` holds the people-facing sentences of known support codes. Their English text must be
// the text the Rust side sends (i18n.test.ts compares it with crates/), so a changed sentence in
// Rust is noticed here and its translations are revisited. Codes not listed here are shown with
// the English sentence from Rust.
import technician from "./technician/en";
import kiosk from "./kiosk/en";
const en = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton could not start.",
    startFailedNext: "Quit Baton and open it again. If this keeps happening, contact IT support.",
    help: "Help",
    opensInBrowser: "(opens in your browser)",
    close: "Close",
  },
  checking: {
    starting: "Starting…",
    lookingUpMac: "Looking up this Mac…",
    offline: "No connection — trying again in {{seconds}}\u00a0s",
    offlineAnnounce: "No connection. Baton keeps trying by itself.",
    offlineHint: "Check that this Mac is connected to Wi-Fi or a network cable.",
  },
  signin: {
    username: "Username",
    password: "Password",
    showPassword: "Show password",
    capsLock: "Caps Lock is on",
    submit: "Continue",
    resume: "Sign in once more to finish setting up",
    resumeDetail: "This Mac is already assigned to you. Baton needs your password once more to save your sign-in.",
    needUsername: "Enter your username.",
    needPassword: "Enter your password.",
    sendFailed: "Your sign-in could not be sent to Baton. Try again.",
    throttled: "Too many attempts — try again in {{seconds}}\u00a0s",
    throttledAnnounce: "Too many attempts. Wait a moment before you try again.",
    throttleOver: "You can try again now.",
    identityOverride: "Test mode: Baton is acting as the Mac with serial number {{serial}}, not this Mac's own.",
  },
  working: {
    title: "Setting up this Mac for you",
    hint: "This usually takes less than a minute. Keep this Mac on and connected.",
    steps: {
      verify: "Verifying your account",
      assign: "Assigning this Mac to you",
      saveSignIn: "Saving your sign-in",
      sync: "Syncing your settings",
    },
    states: {
      pending: "Waiting",
      active: "In progress",
      done: "Done",
      skipped: "Skipped",
      failed: "Failed",
    },
  },
  macPassword: {
    title: "Enter your Mac password",
    message: "So your apps can use your saved sign-in without asking, Baton needs the password you use to unlock this Mac. It is used once and not saved.",
    label: "Mac password",
    showPassword: "Show password",
    submit: "Continue",
    skip: "Skip",
    skipHint: "If you skip, NoMAD may ask you once for permission to use your password.",
    needPassword: "Enter your Mac password.",
    sendFailed: "Your Mac password could not be sent to Baton. Try again.",
    skipFailed: "Baton could not skip this step. Try again.",
  },
  done: {
    title: "You’re all set, {{name}}",
    message: "This Mac now belongs to you. Your apps and settings arrive over the next few minutes.",
    close: "Done",
  },
  assigned: {
    title: "This Mac is set up for {{name}}",
    message: "There is nothing left to do here.",
  },
  problem: {
    supportCode: "Support code:",
    tryAgain: "Try again",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton could not read this Mac's serial number.",
      nextStep: "Restart the Mac and sign in again. If this keeps happening, contact your IT department.",
    },
    "APP-NO-DIRECTORY": {
      summary: "Baton is not set up to check your password on this Mac.",
      nextStep: "Contact your IT department and mention the support code.",
    },
    "APP-MODE": {
      summary: "This version of Baton cannot run in the mode this Mac is set up for.",
      nextStep: "Contact your IT department and mention the support code.",
    },
    "CFG-001": {
      summary: "Baton is not set up correctly on this Mac.",
      nextStep: "Contact your IT department and mention the support code; they need to fix Baton's configuration profile.",
    },
    "DIR-001": {
      summary: "No password was entered.",
      nextStep: "Enter your password, then try again.",
    },
    "DIR-049": {
      summary: "The username or password is incorrect.",
      nextStep: "Check your username and password, then try again.",
    },
    "DIR-100": {
      summary: "The directory server could not be reached.",
      nextStep: "Check the network connection, then try again.",
    },
    "DIR-429": {
      summary: "Too many unsuccessful sign-in attempts.",
      nextStep: "Wait a few minutes, then try again.",
    },
    "DIR-532": {
      summary: "Your password has expired.",
      nextStep: "Change your password on another device or in the company portal, then try again.",
    },
    "DIR-533": {
      summary: "Your account is disabled.",
      nextStep: "Contact IT support to have your account enabled.",
    },
    "DIR-773": {
      summary: "You must change your password before you can sign in.",
      nextStep: "Change your password on another device or in the company portal, then try again.",
    },
    "DIR-775": {
      summary: "Your account is locked.",
      nextStep: "Wait until it unlocks or contact IT support, then try again.",
    },
    "DIR-320": {
      summary: "Baton could not confirm which account you signed in with.",
      nextStep: "Contact IT support and mention the support code.",
    },
    "UEM-OFFLINE": {
      summary: "Baton could not reach Workspace ONE UEM.",
      nextStep: "Check the network connection and try again.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "This Mac was not found in Workspace ONE UEM.",
      nextStep: "Make sure the Mac has finished enrolling, then try again, or contact IT.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Your account was not found in Workspace ONE UEM.",
      nextStep: "Check the user name, or ask IT to add your account to UEM.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Your Workspace ONE UEM account could not be matched to your directory account.",
      nextStep: "Contact IT support and mention the support code; your UEM account must be an active directory account with your e-mail address.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "It is not known whether this Mac was assigned to you.",
      nextStep: "Start Baton again; it will check the Mac's state in UEM before doing anything.",
    },
    "MACPW-EMPTY": {
      summary: "No Mac password was entered.",
      nextStep: "Enter the password you use to unlock this Mac.",
    },
    "MACPW-WRONG": {
      summary: "That is not the password of this Mac.",
      nextStep: "Enter the password you use to unlock this Mac, or choose Skip.",
    },
    "RELAY-UNREACHABLE": {
      summary: "The hand-off service could not be reached.",
      nextStep: "Check the network connection, then try again.",
    },
    "RELAY-TLS": {
      summary: "A secure connection to the hand-off service could not be established.",
      nextStep: "Contact your IT department and mention the support code.",
    },
    "RELAY-IDENTITY": {
      summary: "This Mac's certificate for the hand-off service is missing.",
      nextStep: "Contact your IT department and mention the support code.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "The hand-off service did not recognise this Mac.",
      nextStep: "Contact your IT department and mention the support code.",
    },
    "RELAY-FORBIDDEN": {
      summary: "The hand-off service does not allow this here.",
      nextStep: "Contact your IT department and mention the support code.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "The hand-off service could not use this request.",
      nextStep: "Contact your IT department and mention the support code.",
    },
    "RELAY-BUSY": {
      summary: "The hand-off service is busy.",
      nextStep: "Wait a moment; Baton tries again by itself.",
    },
    "RELAY-ERROR": {
      summary: "The hand-off service reported an error.",
      nextStep: "Try again in a few minutes; if it keeps happening, contact your IT department.",
    },
  },
};

/** The shape every catalogue has: the English keys, with any strings. */
export type Catalogue = Shape<typeof en>;
type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export default en satisfies Catalogue;
