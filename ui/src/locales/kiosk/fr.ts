import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Récupérez votre Mac",
    message: "Scannez le code-barres sur la boîte, ou saisissez le numéro de série ou le numéro d’inventaire, puis appuyez sur Entrée.",
    label: "Numéro de série ou numéro d’inventaire",
    submit: "Continuer",
    unreadable: "Ce n’est ni un numéro de série ni un numéro d’inventaire. Scannez à nouveau le code-barres.",
    unknown: "Aucun Mac « {{scanned}} » n’a été trouvé. Vérifiez l’étiquette ou adressez-vous à l’équipe informatique.",
    notEnrolled: "{{mac}} n’est pas encore prêt à être récupéré. Remettez-le à l’équipe informatique.",
    notStaged: "{{mac}} appartient déjà à quelqu’un d’autre. Remettez-le à l’équipe informatique.",
  },
  signin: {
    title: "Connectez-vous pour récupérer ce Mac",
    lookingUp: "Recherche de ce Mac…",
    ready: "prêt à être récupéré",
    cancel: "Annuler",
  },
  done: {
    title: "{{mac}} est maintenant à vous, {{name}}.",
    message: "Ouvrez-le et connectez-vous avec votre compte d’entreprise.",
    next: "Personne suivante",
  },
  problem: { back: "Retour" },
  exit: {
    title: "Quitter le poste de retrait",
    label: "Secret de sortie de l’équipe informatique",
    submit: "Quitter",
    cancel: "Annuler",
    wrong: "Ce n’est pas le secret de sortie.",
  },
};

export default kiosk;
