// French (français), vous.
import type { Catalogue } from "./en";
import technician from "./technician/fr";
import kiosk from "./kiosk/fr";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton n’a pas pu démarrer.",
    startFailedNext: "Quittez Baton et rouvrez-le. Si le problème persiste, contactez le support informatique.",
    help: "Aide",
    opensInBrowser: "(s’ouvre dans votre navigateur)",
    close: "Fermer",
  },
  checking: {
    starting: "Démarrage…",
    lookingUpMac: "Recherche de ce Mac…",
    offline: "Pas de connexion — nouvelle tentative dans {{seconds}}\u00a0s",
    offlineAnnounce: "Pas de connexion. Baton réessaie automatiquement.",
    offlineHint: "Vérifiez que ce Mac est connecté au Wi-Fi ou à un câble réseau.",
  },
  signin: {
    username: "Nom d’utilisateur",
    password: "Mot de passe",
    showPassword: "Afficher le mot de passe",
    capsLock: "Le verrouillage des majuscules est activé",
    submit: "Continuer",
    resume: "Connectez-vous une dernière fois pour terminer la configuration",
    resumeDetail: "Ce Mac vous est déjà attribué. Baton a besoin de votre mot de passe une nouvelle fois pour enregistrer votre connexion.",
    needUsername: "Saisissez votre nom d’utilisateur.",
    needPassword: "Saisissez votre mot de passe.",
    sendFailed: "Votre connexion n’a pas pu être transmise à Baton. Réessayez.",
    throttled: "Trop de tentatives — réessayez dans {{seconds}}\u00a0s",
    throttledAnnounce: "Trop de tentatives. Patientez un instant avant de réessayer.",
    throttleOver: "Vous pouvez réessayer maintenant.",
    identityOverride: "Mode test : Baton agit comme le Mac de numéro de série {{serial}}, et non comme ce Mac.",
  },
  working: {
    title: "Configuration de ce Mac pour vous",
    hint: "Cela prend généralement moins d’une minute. Laissez ce Mac allumé et connecté.",
    steps: {
      verify: "Vérification de votre compte",
      assign: "Attribution de ce Mac à votre nom",
      saveSignIn: "Enregistrement de votre connexion",
      sync: "Synchronisation de vos réglages",
    },
    states: {
      pending: "En attente",
      active: "En cours",
      done: "Terminé",
      skipped: "Ignoré",
      failed: "Échec",
    },
  },
  macPassword: {
    title: "Saisissez le mot de passe de votre Mac",
    message: "Pour que vos apps puissent utiliser votre connexion enregistrée sans rien vous demander, Baton a besoin du mot de passe qui vous sert à déverrouiller ce Mac. Il n’est utilisé qu’une fois et n’est pas conservé.",
    label: "Mot de passe du Mac",
    showPassword: "Afficher le mot de passe",
    submit: "Continuer",
    skip: "Ignorer",
    skipHint: "Si vous ignorez cette étape, NoMAD pourra vous demander une fois l’autorisation d’utiliser votre mot de passe.",
    needPassword: "Saisissez le mot de passe de votre Mac.",
    sendFailed: "Le mot de passe de votre Mac n’a pas pu être transmis à Baton. Réessayez.",
    skipFailed: "Baton n’a pas pu ignorer cette étape. Réessayez.",
  },
  done: {
    title: "Tout est prêt, {{name}}",
    message: "Ce Mac vous appartient désormais. Vos apps et réglages arrivent dans les prochaines minutes.",
    close: "Terminé",
  },
  assigned: {
    title: "Ce Mac est configuré pour {{name}}",
    message: "Il n’y a plus rien à faire ici.",
  },
  problem: {
    supportCode: "Code d’assistance :",
    tryAgain: "Réessayer",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton n’a pas pu lire le numéro de série de ce Mac.",
      nextStep: "Redémarrez le Mac et reconnectez-vous. Si le problème persiste, contactez votre service informatique.",
    },
    "APP-NO-DIRECTORY": {
      summary: "Baton n’est pas configuré pour vérifier votre mot de passe sur ce Mac.",
      nextStep: "Contactez votre service informatique en indiquant le code d’assistance.",
    },
    "APP-MODE": {
      summary: "Cette version de Baton ne peut pas fonctionner dans le mode pour lequel ce Mac est configuré.",
      nextStep: "Contactez votre service informatique en indiquant le code d’assistance.",
    },
    "CFG-001": {
      summary: "Baton n’est pas configuré correctement sur ce Mac.",
      nextStep: "Contactez votre service informatique en indiquant le code d’assistance ; le profil de configuration de Baton doit être corrigé.",
    },
    "DIR-001": {
      summary: "Aucun mot de passe n’a été saisi.",
      nextStep: "Saisissez votre mot de passe, puis réessayez.",
    },
    "DIR-049": {
      summary: "Le nom d’utilisateur ou le mot de passe est incorrect.",
      nextStep: "Vérifiez votre nom d’utilisateur et votre mot de passe, puis réessayez.",
    },
    "DIR-100": {
      summary: "Le serveur d’annuaire est injoignable.",
      nextStep: "Vérifiez la connexion réseau, puis réessayez.",
    },
    "DIR-429": {
      summary: "Trop de tentatives de connexion infructueuses.",
      nextStep: "Patientez quelques minutes, puis réessayez.",
    },
    "DIR-532": {
      summary: "Votre mot de passe a expiré.",
      nextStep: "Changez votre mot de passe sur un autre appareil ou dans le portail de l’entreprise, puis réessayez.",
    },
    "DIR-533": {
      summary: "Votre compte est désactivé.",
      nextStep: "Contactez le support informatique pour faire activer votre compte.",
    },
    "DIR-773": {
      summary: "Vous devez changer votre mot de passe avant de pouvoir vous connecter.",
      nextStep: "Changez votre mot de passe sur un autre appareil ou dans le portail de l’entreprise, puis réessayez.",
    },
    "DIR-775": {
      summary: "Votre compte est verrouillé.",
      nextStep: "Attendez qu’il soit déverrouillé ou contactez le support informatique, puis réessayez.",
    },
    "DIR-320": {
      summary: "Baton n’a pas pu confirmer le compte avec lequel vous vous êtes connecté.",
      nextStep: "Contactez le support informatique en indiquant le code d’assistance.",
    },
    "UEM-OFFLINE": {
      summary: "Baton n’a pas pu joindre Workspace ONE UEM.",
      nextStep: "Vérifiez la connexion réseau, puis réessayez.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Ce Mac est introuvable dans Workspace ONE UEM.",
      nextStep: "Assurez-vous que l’inscription du Mac est terminée, puis réessayez, ou contactez le service informatique.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Votre compte est introuvable dans Workspace ONE UEM.",
      nextStep: "Vérifiez le nom d’utilisateur ou demandez au service informatique d’ajouter votre compte à UEM.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Votre compte Workspace ONE UEM n’a pas pu être associé à votre compte d’annuaire.",
      nextStep: "Contactez le support informatique en indiquant le code d’assistance ; votre compte UEM doit être un compte d’annuaire actif avec votre adresse e-mail.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "On ne sait pas si ce Mac vous a été attribué.",
      nextStep: "Relancez Baton ; il vérifiera l’état du Mac dans UEM avant toute action.",
    },
    "MACPW-EMPTY": {
      summary: "Aucun mot de passe du Mac n’a été saisi.",
      nextStep: "Saisissez le mot de passe qui vous sert à déverrouiller ce Mac.",
    },
    "MACPW-WRONG": {
      summary: "Ce n’est pas le mot de passe de ce Mac.",
      nextStep: "Saisissez le mot de passe qui vous sert à déverrouiller ce Mac, ou choisissez «\u00a0Ignorer\u00a0».",
    },
    "RELAY-UNREACHABLE": {
      summary: "Le service de remise est injoignable.",
      nextStep: "Vérifiez la connexion réseau, puis réessayez.",
    },
    "RELAY-TLS": {
      summary: "Impossible d’établir une connexion sécurisée avec le service de remise.",
      nextStep: "Contactez votre service informatique en indiquant le code d’assistance.",
    },
    "RELAY-IDENTITY": {
      summary: "Le certificat de ce Mac pour le service de remise est manquant.",
      nextStep: "Contactez votre service informatique en indiquant le code d’assistance.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "Le service de remise n’a pas reconnu ce Mac.",
      nextStep: "Contactez votre service informatique en indiquant le code d’assistance.",
    },
    "RELAY-FORBIDDEN": {
      summary: "Le service de remise n’autorise pas cette action ici.",
      nextStep: "Contactez votre service informatique en indiquant le code d’assistance.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "Le service de remise n’a pas pu traiter cette demande.",
      nextStep: "Contactez votre service informatique en indiquant le code d’assistance.",
    },
    "RELAY-BUSY": {
      summary: "Le service de remise est occupé.",
      nextStep: "Patientez un instant ; Baton réessaie de lui-même.",
    },
    "RELAY-ERROR": {
      summary: "Le service de remise a signalé une erreur.",
      nextStep: "Patientez quelques minutes, puis réessayez.",
    },
  },
};

export default catalogue;
