import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Hämta din Mac",
    message: "Skanna streckkoden på kartongen, eller skriv serienumret eller inventarienumret och tryck på Retur.",
    label: "Serienummer eller inventarienummer",
    submit: "Fortsätt",
    unreadable: "Det är inte ett serienummer eller inventarienummer. Skanna streckkoden igen.",
    unknown: "Ingen Mac med ”{{scanned}}” hittades. Kontrollera etiketten eller fråga IT-personalen.",
    notEnrolled: "{{mac}} är inte redo att hämtas än. Lämna den till IT-personalen.",
    notStaged: "{{mac}} tillhör redan någon annan. Lämna den till IT-personalen.",
  },
  signin: {
    title: "Logga in för att hämta den här Macen",
    lookingUp: "Letar upp den här Macen …",
    ready: "redo att hämtas",
    cancel: "Avbryt",
  },
  done: {
    title: "{{mac}} är nu din, {{name}}.",
    message: "Öppna den och logga in med ditt företagskonto.",
    next: "Nästa person",
  },
  problem: { back: "Tillbaka" },
  exit: {
    title: "Lämna utlämningsstationen",
    label: "IT:s hemlighet för att avsluta",
    submit: "Avsluta",
    cancel: "Avbryt",
    wrong: "Det är inte hemligheten för att avsluta.",
  },
};

export default kiosk;
