import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Haal je Mac op",
    message: "Scan de streepjescode op de doos, of typ het serienummer of het inventarisnummer en druk op Enter.",
    label: "Serienummer of inventarisnummer",
    submit: "Doorgaan",
    unreadable: "Dat is geen serienummer of inventarisnummer. Scan de streepjescode opnieuw.",
    unknown: "Geen Mac met ‘{{scanned}}’ gevonden. Controleer het label of vraag het IT-team.",
    notEnrolled: "{{mac}} is nog niet klaar om op te halen. Geef hem aan het IT-team.",
    notStaged: "{{mac}} is al van iemand anders. Geef hem aan het IT-team.",
  },
  signin: {
    title: "Log in om deze Mac op te halen",
    lookingUp: "Deze Mac wordt opgezocht…",
    ready: "klaar om op te halen",
    cancel: "Annuleren",
  },
  done: {
    title: "{{mac}} is nu van jou, {{name}}.",
    message: "Klap hem open en log in met je bedrijfsaccount.",
    next: "Volgende persoon",
  },
  problem: { back: "Terug" },
  exit: {
    title: "Ophaalpunt verlaten",
    label: "IT-geheim om af te sluiten",
    submit: "Afsluiten",
    cancel: "Annuleren",
    wrong: "Dat is niet het geheim om af te sluiten.",
  },
};

export default kiosk;
