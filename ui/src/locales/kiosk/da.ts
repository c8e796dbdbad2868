import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Hent din Mac",
    message: "Scan stregkoden på kassen, eller skriv serienummeret eller inventarnummeret, og tryk på Enter.",
    label: "Serienummer eller inventarnummer",
    submit: "Fortsæt",
    unreadable: "Det er hverken et serienummer eller et inventarnummer. Scan stregkoden igen.",
    unknown: "Der blev ikke fundet nogen Mac med “{{scanned}}”. Tjek etiketten, eller spørg IT-personalet.",
    notEnrolled: "{{mac}} er ikke klar til afhentning endnu. Giv den til IT-personalet.",
    notStaged: "{{mac}} tilhører allerede en anden. Giv den til IT-personalet.",
  },
  signin: {
    title: "Log ind for at hente denne Mac",
    lookingUp: "Slår denne Mac op …",
    ready: "klar til afhentning",
    cancel: "Annuller",
  },
  done: {
    title: "{{mac}} er nu din, {{name}}.",
    message: "Åbn den, og log ind med din firmakonto.",
    next: "Næste person",
  },
  problem: { back: "Tilbage" },
  exit: {
    title: "Forlad afhentningsstedet",
    label: "IT’s hemmelighed til at afslutte",
    submit: "Afslut",
    cancel: "Annuller",
    wrong: "Det er ikke hemmeligheden til at afslutte.",
  },
};

export default kiosk;
