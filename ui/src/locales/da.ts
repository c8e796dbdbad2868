// Danish (dansk), du.
import type { Catalogue } from "./en";
import technician from "./technician/da";
import kiosk from "./kiosk/da";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton kunne ikke starte.",
    startFailedNext: "Afslut Baton, og åbn det igen. Kontakt IT-support, hvis det bliver ved med at ske.",
    help: "Hjælp",
    opensInBrowser: "(åbnes i din browser)",
    close: "Luk",
  },
  checking: {
    starting: "Starter…",
    lookingUpMac: "Slår denne Mac op…",
    offline: "Ingen forbindelse – prøver igen om {{seconds}}\u00a0s",
    offlineAnnounce: "Ingen forbindelse. Baton bliver ved med at prøve automatisk.",
    offlineHint: "Kontrollér, at denne Mac er forbundet til Wi-Fi eller et netværkskabel.",
  },
  signin: {
    username: "Brugernavn",
    password: "Adgangskode",
    showPassword: "Vis adgangskode",
    capsLock: "Caps Lock er slået til",
    submit: "Fortsæt",
    resume: "Log ind én gang til for at gøre konfigurationen færdig",
    resumeDetail: "Denne Mac er allerede tildelt dig. Baton skal bruge din adgangskode én gang til for at gemme dit login.",
    needUsername: "Indtast dit brugernavn.",
    needPassword: "Indtast din adgangskode.",
    sendFailed: "Dit login kunne ikke sendes til Baton. Prøv igen.",
    throttled: "For mange forsøg – prøv igen om {{seconds}}\u00a0s",
    throttledAnnounce: "For mange forsøg. Vent et øjeblik, før du prøver igen.",
    throttleOver: "Du kan prøve igen nu.",
    identityOverride: "Testtilstand: Baton optræder som Mac'en med serienummer {{serial}}, ikke som denne Mac.",
  },
  working: {
    title: "Denne Mac bliver konfigureret til dig",
    hint: "Det tager som regel under et minut. Lad denne Mac være tændt og forbundet.",
    steps: {
      verify: "Bekræfter din konto",
      assign: "Tildeler denne Mac til dig",
      saveSignIn: "Gemmer dit login",
      sync: "Synkroniserer dine indstillinger",
    },
    states: {
      pending: "Venter",
      active: "I gang",
      done: "Færdig",
      skipped: "Sprunget over",
      failed: "Mislykkedes",
    },
  },
  macPassword: {
    title: "Indtast adgangskoden til din Mac",
    message: "Baton skal bruge den adgangskode, du låser denne Mac op med, så dine apps kan bruge dit gemte login uden at spørge. Den bruges kun én gang og gemmes ikke.",
    label: "Adgangskode til Mac",
    showPassword: "Vis adgangskode",
    submit: "Fortsæt",
    skip: "Spring over",
    skipHint: "Hvis du springer dette trin over, kan NoMAD spørge dig én gang om tilladelse til at bruge din adgangskode.",
    needPassword: "Indtast adgangskoden til din Mac.",
    sendFailed: "Adgangskoden til din Mac kunne ikke sendes til Baton. Prøv igen.",
    skipFailed: "Baton kunne ikke springe dette trin over. Prøv igen.",
  },
  done: {
    title: "Alt er klar, {{name}}",
    message: "Denne Mac er nu din. Dine apps og indstillinger kommer i løbet af de næste par minutter.",
    close: "Færdig",
  },
  assigned: {
    title: "Denne Mac er konfigureret til {{name}}",
    message: "Der er ikke mere at gøre her.",
  },
  problem: {
    supportCode: "Supportkode:",
    tryAgain: "Prøv igen",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton kunne ikke læse denne Macs serienummer.",
      nextStep: "Genstart Mac'en, og log ind igen. Kontakt din IT-afdeling, hvis det bliver ved med at ske.",
    },
    "APP-NO-DIRECTORY": {
      summary: "Baton er ikke sat op til at kontrollere din adgangskode på denne Mac.",
      nextStep: "Kontakt din IT-afdeling, og oplys supportkoden.",
    },
    "APP-MODE": {
      summary: "Denne version af Baton kan ikke køre i den tilstand, som denne Mac er sat op til.",
      nextStep: "Kontakt din IT-afdeling, og oplys supportkoden.",
    },
    "CFG-001": {
      summary: "Baton er ikke konfigureret korrekt på denne Mac.",
      nextStep: "Kontakt din IT-afdeling, og oplys supportkoden; Batons konfigurationsprofil skal rettes.",
    },
    "DIR-001": {
      summary: "Der blev ikke indtastet nogen adgangskode.",
      nextStep: "Indtast din adgangskode, og prøv igen.",
    },
    "DIR-049": {
      summary: "Brugernavnet eller adgangskoden er forkert.",
      nextStep: "Kontrollér dit brugernavn og din adgangskode, og prøv igen.",
    },
    "DIR-100": {
      summary: "Katalogserveren kunne ikke kontaktes.",
      nextStep: "Kontrollér netværksforbindelsen, og prøv igen.",
    },
    "DIR-429": {
      summary: "For mange mislykkede loginforsøg.",
      nextStep: "Vent et par minutter, og prøv så igen.",
    },
    "DIR-532": {
      summary: "Din adgangskode er udløbet.",
      nextStep: "Skift din adgangskode på en anden enhed eller i virksomhedsportalen, og prøv så igen.",
    },
    "DIR-533": {
      summary: "Din konto er deaktiveret.",
      nextStep: "Kontakt IT-support for at få din konto aktiveret.",
    },
    "DIR-773": {
      summary: "Du skal skifte din adgangskode, før du kan logge ind.",
      nextStep: "Skift din adgangskode på en anden enhed eller i virksomhedsportalen, og prøv så igen.",
    },
    "DIR-775": {
      summary: "Din konto er låst.",
      nextStep: "Vent, til den bliver låst op, eller kontakt IT-support, og prøv så igen.",
    },
    "DIR-320": {
      summary: "Baton kunne ikke bekræfte, hvilken konto du loggede ind med.",
      nextStep: "Kontakt IT-support, og oplys supportkoden.",
    },
    "UEM-OFFLINE": {
      summary: "Baton kunne ikke få forbindelse til Workspace ONE UEM.",
      nextStep: "Kontrollér netværksforbindelsen, og prøv igen.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Denne Mac blev ikke fundet i Workspace ONE UEM.",
      nextStep: "Sørg for, at Mac’en er færdig med at blive tilmeldt, og prøv igen, eller kontakt IT.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Din konto blev ikke fundet i Workspace ONE UEM.",
      nextStep: "Kontrollér brugernavnet, eller bed IT om at tilføje din konto i UEM.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Din Workspace ONE UEM-konto kunne ikke matches med din katalogkonto.",
      nextStep: "Kontakt IT-support, og oplys supportkoden; din UEM-konto skal være en aktiv katalogkonto med din e-mailadresse.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "Det vides ikke, om denne Mac er blevet tildelt dig.",
      nextStep: "Start Baton igen; det kontrollerer Mac’ens tilstand i UEM, før det gør noget.",
    },
    "MACPW-EMPTY": {
      summary: "Der blev ikke indtastet nogen adgangskode til Mac’en.",
      nextStep: "Indtast den adgangskode, du låser denne Mac op med.",
    },
    "MACPW-WRONG": {
      summary: "Det er ikke adgangskoden til denne Mac.",
      nextStep: "Indtast den adgangskode, du låser denne Mac op med, eller vælg »Spring over«.",
    },
    "RELAY-UNREACHABLE": {
      summary: "Overdragelsestjenesten kunne ikke nås.",
      nextStep: "Kontrollér netværksforbindelsen, og prøv igen.",
    },
    "RELAY-TLS": {
      summary: "Der kunne ikke oprettes en sikker forbindelse til overdragelsestjenesten.",
      nextStep: "Kontakt din IT-afdeling, og oplys supportkoden.",
    },
    "RELAY-IDENTITY": {
      summary: "Denne Macs certifikat til overdragelsestjenesten mangler.",
      nextStep: "Kontakt din IT-afdeling, og oplys supportkoden.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "Overdragelsestjenesten genkendte ikke denne Mac.",
      nextStep: "Kontakt din IT-afdeling, og oplys supportkoden.",
    },
    "RELAY-FORBIDDEN": {
      summary: "Overdragelsestjenesten tillader ikke dette her.",
      nextStep: "Kontakt din IT-afdeling, og oplys supportkoden.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "Overdragelsestjenesten kunne ikke bruge denne anmodning.",
      nextStep: "Kontakt din IT-afdeling, og oplys supportkoden.",
    },
    "RELAY-BUSY": {
      summary: "Overdragelsestjenesten er optaget.",
      nextStep: "Vent et øjeblik; Baton prøver igen af sig selv.",
    },
    "RELAY-ERROR": {
      summary: "Overdragelsestjenesten rapporterede en fejl.",
      nextStep: "Vent et par minutter, og prøv så igen.",
    },
  },
};

export default catalogue;
