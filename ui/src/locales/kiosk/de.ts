import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Holen Sie Ihren Mac ab",
    message: "Scannen Sie den Barcode auf dem Karton oder geben Sie die Seriennummer oder Inventarnummer ein und drücken Sie die Eingabetaste.",
    label: "Seriennummer oder Inventarnummer",
    submit: "Weiter",
    unreadable: "Das ist keine Seriennummer und keine Inventarnummer. Scannen Sie den Barcode erneut.",
    unknown: "Kein Mac mit „{{scanned}}“ gefunden. Prüfen Sie das Etikett oder fragen Sie das IT-Team.",
    notEnrolled: "{{mac}} ist noch nicht zur Abholung bereit. Bitte geben Sie ihn dem IT-Team.",
    notStaged: "{{mac}} gehört bereits jemand anderem. Bitte geben Sie ihn dem IT-Team.",
  },
  signin: {
    title: "Melden Sie sich an, um diesen Mac abzuholen",
    lookingUp: "Dieser Mac wird gesucht …",
    ready: "bereit zur Abholung",
    cancel: "Abbrechen",
  },
  done: {
    title: "{{mac}} gehört jetzt Ihnen, {{name}}.",
    message: "Klappen Sie ihn auf und melden Sie sich mit Ihrem Firmenkonto an.",
    next: "Nächste Person",
  },
  problem: { back: "Zurück" },
  exit: {
    title: "Abholstation verlassen",
    label: "IT-Geheimnis zum Beenden",
    submit: "Beenden",
    cancel: "Abbrechen",
    wrong: "Das ist nicht das Geheimnis zum Beenden.",
  },
};

export default kiosk;
