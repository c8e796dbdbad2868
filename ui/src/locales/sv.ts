// Swedish (svenska), du.
import type { Catalogue } from "./en";
import technician from "./technician/sv";
import kiosk from "./kiosk/sv";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton kunde inte starta.",
    startFailedNext: "Avsluta Baton och öppna det igen. Kontakta IT-supporten om det fortsätter att hända.",
    help: "Hjälp",
    opensInBrowser: "(öppnas i webbläsaren)",
    close: "Stäng",
  },
  checking: {
    starting: "Startar…",
    lookingUpMac: "Kontrollerar den här Macen…",
    offline: "Ingen anslutning – försöker igen om {{seconds}}\u00a0s",
    offlineAnnounce: "Ingen anslutning. Baton fortsätter att försöka automatiskt.",
    offlineHint: "Kontrollera att den här Macen är ansluten till wifi eller en nätverkskabel.",
  },
  signin: {
    username: "Användarnamn",
    password: "Lösenord",
    showPassword: "Visa lösenord",
    capsLock: "Caps Lock är på",
    submit: "Fortsätt",
    resume: "Logga in en gång till för att slutföra konfigureringen",
    resumeDetail: "Den här Macen är redan tilldelad dig. Baton behöver ditt lösenord en gång till för att spara din inloggning.",
    needUsername: "Ange ditt användarnamn.",
    needPassword: "Ange ditt lösenord.",
    sendFailed: "Din inloggning kunde inte skickas till Baton. Försök igen.",
    throttled: "För många försök – försök igen om {{seconds}}\u00a0s",
    throttledAnnounce: "För många försök. Vänta en stund innan du försöker igen.",
    throttleOver: "Nu kan du försöka igen.",
    identityOverride: "Testläge: Baton agerar som Macen med serienummer {{serial}}, inte som den här Macen.",
  },
  working: {
    title: "Den här Macen konfigureras åt dig",
    hint: "Det tar oftast mindre än en minut. Låt Macen vara påslagen och ansluten.",
    steps: {
      verify: "Verifierar ditt konto",
      assign: "Tilldelar den här Macen till dig",
      saveSignIn: "Sparar din inloggning",
      sync: "Synkroniserar dina inställningar",
    },
    states: {
      pending: "Väntar",
      active: "Pågår",
      done: "Klar",
      skipped: "Hoppades över",
      failed: "Misslyckades",
    },
  },
  macPassword: {
    title: "Ange ditt Mac-lösenord",
    message: "För att dina appar ska kunna använda din sparade inloggning utan att fråga behöver Baton lösenordet som du låser upp den här Macen med. Det används en gång och sparas inte.",
    label: "Mac-lösenord",
    showPassword: "Visa lösenord",
    submit: "Fortsätt",
    skip: "Hoppa över",
    skipHint: "Om du hoppar över det här steget kan NoMAD be dig en gång om lov att använda ditt lösenord.",
    needPassword: "Ange ditt Mac-lösenord.",
    sendFailed: "Ditt Mac-lösenord kunde inte skickas till Baton. Försök igen.",
    skipFailed: "Baton kunde inte hoppa över det här steget. Försök igen.",
  },
  done: {
    title: "Allt är klart, {{name}}",
    message: "Den här Macen är nu din. Dina appar och inställningar kommer inom de närmaste minuterna.",
    close: "Klar",
  },
  assigned: {
    title: "Den här Macen är konfigurerad för {{name}}",
    message: "Det finns inget mer att göra här.",
  },
  problem: {
    supportCode: "Supportkod:",
    tryAgain: "Försök igen",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton kunde inte läsa den här Macens serienummer.",
      nextStep: "Starta om Macen och logga in igen. Kontakta IT-avdelningen om det fortsätter att hända.",
    },
    "APP-NO-DIRECTORY": {
      summary: "Baton är inte inställt på att kontrollera ditt lösenord på den här Macen.",
      nextStep: "Kontakta IT-avdelningen och uppge supportkoden.",
    },
    "APP-MODE": {
      summary: "Den här versionen av Baton kan inte köras i det läge som den här Macen är inställd för.",
      nextStep: "Kontakta IT-avdelningen och uppge supportkoden.",
    },
    "CFG-001": {
      summary: "Baton är inte korrekt konfigurerat på den här Macen.",
      nextStep: "Kontakta IT-avdelningen och uppge supportkoden; Batons konfigurationsprofil måste rättas.",
    },
    "DIR-001": {
      summary: "Inget lösenord angavs.",
      nextStep: "Ange ditt lösenord och försök igen.",
    },
    "DIR-049": {
      summary: "Användarnamnet eller lösenordet är felaktigt.",
      nextStep: "Kontrollera ditt användarnamn och lösenord och försök igen.",
    },
    "DIR-100": {
      summary: "Katalogservern kunde inte nås.",
      nextStep: "Kontrollera nätverksanslutningen och försök igen.",
    },
    "DIR-429": {
      summary: "För många misslyckade inloggningsförsök.",
      nextStep: "Vänta några minuter och försök sedan igen.",
    },
    "DIR-532": {
      summary: "Ditt lösenord har gått ut.",
      nextStep: "Byt lösenord på en annan enhet eller i företagsportalen och försök sedan igen.",
    },
    "DIR-533": {
      summary: "Ditt konto är inaktiverat.",
      nextStep: "Kontakta IT-supporten för att få ditt konto aktiverat.",
    },
    "DIR-773": {
      summary: "Du måste byta lösenord innan du kan logga in.",
      nextStep: "Byt lösenord på en annan enhet eller i företagsportalen och försök sedan igen.",
    },
    "DIR-775": {
      summary: "Ditt konto är låst.",
      nextStep: "Vänta tills det låses upp eller kontakta IT-supporten, och försök sedan igen.",
    },
    "DIR-320": {
      summary: "Baton kunde inte bekräfta vilket konto du loggade in med.",
      nextStep: "Kontakta IT-supporten och uppge supportkoden.",
    },
    "UEM-OFFLINE": {
      summary: "Baton kunde inte nå Workspace ONE UEM.",
      nextStep: "Kontrollera nätverksanslutningen och försök igen.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Den här Macen hittades inte i Workspace ONE UEM.",
      nextStep: "Se till att Macen har registrerats klart och försök igen, eller kontakta IT.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Ditt konto hittades inte i Workspace ONE UEM.",
      nextStep: "Kontrollera användarnamnet eller be IT att lägga till ditt konto i UEM.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Ditt Workspace ONE UEM-konto kunde inte kopplas till ditt katalogkonto.",
      nextStep: "Kontakta IT-supporten och ange supportkoden; ditt UEM-konto måste vara ett aktivt katalogkonto med din e-postadress.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "Det är okänt om den här Macen har tilldelats dig.",
      nextStep: "Starta Baton igen; det kontrollerar Macens status i UEM innan det gör något.",
    },
    "MACPW-EMPTY": {
      summary: "Inget Mac-lösenord angavs.",
      nextStep: "Ange lösenordet som du låser upp den här Macen med.",
    },
    "MACPW-WRONG": {
      summary: "Det är inte lösenordet till den här Macen.",
      nextStep: "Ange lösenordet som du låser upp den här Macen med, eller välj ”Hoppa över”.",
    },
    "RELAY-UNREACHABLE": {
      summary: "Överlämningstjänsten kunde inte nås.",
      nextStep: "Kontrollera nätverksanslutningen och försök igen.",
    },
    "RELAY-TLS": {
      summary: "Det gick inte att upprätta en säker anslutning till överlämningstjänsten.",
      nextStep: "Kontakta IT-avdelningen och uppge supportkoden.",
    },
    "RELAY-IDENTITY": {
      summary: "Den här Macens certifikat för överlämningstjänsten saknas.",
      nextStep: "Kontakta IT-avdelningen och uppge supportkoden.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "Överlämningstjänsten kände inte igen den här Macen.",
      nextStep: "Kontakta IT-avdelningen och uppge supportkoden.",
    },
    "RELAY-FORBIDDEN": {
      summary: "Överlämningstjänsten tillåter inte detta här.",
      nextStep: "Kontakta IT-avdelningen och uppge supportkoden.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "Överlämningstjänsten kunde inte använda den här begäran.",
      nextStep: "Kontakta IT-avdelningen och uppge supportkoden.",
    },
    "RELAY-BUSY": {
      summary: "Överlämningstjänsten är upptagen.",
      nextStep: "Vänta en stund; Baton försöker igen av sig själv.",
    },
    "RELAY-ERROR": {
      summary: "Överlämningstjänsten rapporterade ett fel.",
      nextStep: "Vänta några minuter och försök sedan igen.",
    },
  },
};

export default catalogue;
