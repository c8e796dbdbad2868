import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Ritira il tuo Mac",
    message: "Scansiona il codice a barre sulla scatola oppure digita il numero di serie o il numero di inventario e premi Invio.",
    label: "Numero di serie o numero di inventario",
    submit: "Continua",
    unreadable: "Non è un numero di serie né un numero di inventario. Scansiona di nuovo il codice a barre.",
    unknown: "Nessun Mac «{{scanned}}» trovato. Controlla l’etichetta o chiedi al personale IT.",
    notEnrolled: "{{mac}} non è ancora pronto per il ritiro. Consegnalo al personale IT.",
    notStaged: "{{mac}} appartiene già a un’altra persona. Consegnalo al personale IT.",
  },
  signin: {
    title: "Accedi per ritirare questo Mac",
    lookingUp: "Ricerca di questo Mac…",
    ready: "pronto per il ritiro",
    cancel: "Annulla",
  },
  done: {
    title: "{{mac}} ora è tuo, {{name}}.",
    message: "Aprilo e accedi con il tuo account aziendale.",
    next: "Persona successiva",
  },
  problem: { back: "Indietro" },
  exit: {
    title: "Esci dal punto di ritiro",
    label: "Segreto di uscita IT",
    submit: "Esci",
    cancel: "Annulla",
    wrong: "Non è il segreto di uscita.",
  },
};

export default kiosk;
