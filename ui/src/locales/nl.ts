// Dutch (Nederlands), je.
import type { Catalogue } from "./en";
import technician from "./technician/nl";
import kiosk from "./kiosk/nl";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton kan niet starten.",
    startFailedNext: "Stop Baton en open het opnieuw. Als dit blijft gebeuren, neem dan contact op met de IT-support.",
    help: "Hulp",
    opensInBrowser: "(wordt geopend in je browser)",
    close: "Sluit",
  },
  checking: {
    starting: "Starten…",
    lookingUpMac: "Deze Mac opzoeken…",
    offline: "Geen verbinding — nieuwe poging over {{seconds}}\u00a0s",
    offlineAnnounce: "Geen verbinding. Baton blijft het zelf proberen.",
    offlineHint: "Controleer of deze Mac verbonden is met wifi of een netwerkkabel.",
  },
  signin: {
    username: "Gebruikersnaam",
    password: "Wachtwoord",
    showPassword: "Toon wachtwoord",
    capsLock: "Caps Lock staat aan",
    submit: "Ga door",
    resume: "Log nog één keer in om de configuratie te voltooien",
    resumeDetail: "Deze Mac is al aan jou toegewezen. Baton heeft je wachtwoord nog één keer nodig om je inloggegevens te bewaren.",
    needUsername: "Voer je gebruikersnaam in.",
    needPassword: "Voer je wachtwoord in.",
    sendFailed: "Je inloggegevens konden niet aan Baton worden doorgegeven. Probeer het opnieuw.",
    throttled: "Te veel pogingen — probeer het over {{seconds}}\u00a0s opnieuw",
    throttledAnnounce: "Te veel pogingen. Wacht even voordat je het opnieuw probeert.",
    throttleOver: "Je kunt het nu opnieuw proberen.",
    identityOverride: "Testmodus: Baton gedraagt zich als de Mac met serienummer {{serial}}, niet als deze Mac.",
  },
  working: {
    title: "Deze Mac wordt voor je ingesteld",
    hint: "Dit duurt meestal minder dan een minuut. Laat deze Mac aan en verbonden.",
    steps: {
      verify: "Je account controleren",
      assign: "Deze Mac aan jou toewijzen",
      saveSignIn: "Je inloggegevens bewaren",
      sync: "Je instellingen synchroniseren",
    },
    states: {
      pending: "Wacht",
      active: "Bezig",
      done: "Klaar",
      skipped: "Overgeslagen",
      failed: "Mislukt",
    },
  },
  macPassword: {
    title: "Voer je Mac-wachtwoord in",
    message: "Baton heeft het wachtwoord nodig waarmee je deze Mac ontgrendelt, zodat je apps je bewaarde inloggegevens kunnen gebruiken zonder ernaar te vragen. Het wordt maar één keer gebruikt en niet bewaard.",
    label: "Mac-wachtwoord",
    showPassword: "Toon wachtwoord",
    submit: "Ga door",
    skip: "Sla over",
    skipHint: "Als je deze stap overslaat, kan NoMAD je één keer om toestemming vragen om je wachtwoord te gebruiken.",
    needPassword: "Voer je Mac-wachtwoord in.",
    sendFailed: "Je Mac-wachtwoord kon niet aan Baton worden doorgegeven. Probeer het opnieuw.",
    skipFailed: "Baton kon deze stap niet overslaan. Probeer het opnieuw.",
  },
  done: {
    title: "Alles is klaar, {{name}}",
    message: "Deze Mac is nu van jou. Je apps en instellingen komen de komende minuten binnen.",
    close: "Gereed",
  },
  assigned: {
    title: "Deze Mac is ingesteld voor {{name}}",
    message: "Je hoeft hier niets meer te doen.",
  },
  problem: {
    supportCode: "Supportcode:",
    tryAgain: "Probeer opnieuw",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton kon het serienummer van deze Mac niet lezen.",
      nextStep: "Start de Mac opnieuw op en log opnieuw in. Neem contact op met je IT-afdeling als dit blijft gebeuren.",
    },
    "APP-NO-DIRECTORY": {
      summary: "Baton is niet ingesteld om je wachtwoord op deze Mac te controleren.",
      nextStep: "Neem contact op met je IT-afdeling en vermeld de supportcode.",
    },
    "APP-MODE": {
      summary: "Deze versie van Baton kan niet werken in de modus waarvoor deze Mac is ingesteld.",
      nextStep: "Neem contact op met je IT-afdeling en vermeld de supportcode.",
    },
    "CFG-001": {
      summary: "Baton is niet goed ingesteld op deze Mac.",
      nextStep: "Neem contact op met je IT-afdeling en vermeld de supportcode; het configuratieprofiel van Baton moet worden aangepast.",
    },
    "DIR-001": {
      summary: "Er is geen wachtwoord ingevoerd.",
      nextStep: "Voer je wachtwoord in en probeer het opnieuw.",
    },
    "DIR-049": {
      summary: "De gebruikersnaam of het wachtwoord is onjuist.",
      nextStep: "Controleer je gebruikersnaam en wachtwoord en probeer het opnieuw.",
    },
    "DIR-100": {
      summary: "De directoryserver is niet bereikbaar.",
      nextStep: "Controleer de netwerkverbinding en probeer het opnieuw.",
    },
    "DIR-429": {
      summary: "Te veel mislukte inlogpogingen.",
      nextStep: "Wacht een paar minuten en probeer het dan opnieuw.",
    },
    "DIR-532": {
      summary: "Je wachtwoord is verlopen.",
      nextStep: "Wijzig je wachtwoord op een ander apparaat of in het bedrijfsportaal en probeer het opnieuw.",
    },
    "DIR-533": {
      summary: "Je account is uitgeschakeld.",
      nextStep: "Neem contact op met de IT-support om je account te laten inschakelen.",
    },
    "DIR-773": {
      summary: "Je moet je wachtwoord wijzigen voordat je kunt inloggen.",
      nextStep: "Wijzig je wachtwoord op een ander apparaat of in het bedrijfsportaal en probeer het opnieuw.",
    },
    "DIR-775": {
      summary: "Je account is geblokkeerd.",
      nextStep: "Wacht tot de blokkering is opgeheven of neem contact op met de IT-support, en probeer het dan opnieuw.",
    },
    "DIR-320": {
      summary: "Baton kon niet bevestigen met welk account je bent ingelogd.",
      nextStep: "Neem contact op met de IT-support en vermeld de supportcode.",
    },
    "UEM-OFFLINE": {
      summary: "Baton kan Workspace ONE UEM niet bereiken.",
      nextStep: "Controleer de netwerkverbinding en probeer het opnieuw.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Deze Mac is niet gevonden in Workspace ONE UEM.",
      nextStep: "Zorg dat de registratie van de Mac is voltooid en probeer het opnieuw, of neem contact op met IT.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Je account is niet gevonden in Workspace ONE UEM.",
      nextStep: "Controleer de gebruikersnaam of vraag IT om je account aan UEM toe te voegen.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Je Workspace ONE UEM-account kon niet aan je directoryaccount worden gekoppeld.",
      nextStep: "Neem contact op met IT-support en noem de supportcode; je UEM-account moet een actief directoryaccount met je e-mailadres zijn.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "Het is niet bekend of deze Mac aan jou is toegewezen.",
      nextStep: "Start Baton opnieuw; het controleert eerst de status van de Mac in UEM voordat het iets doet.",
    },
    "MACPW-EMPTY": {
      summary: "Er is geen Mac-wachtwoord ingevoerd.",
      nextStep: "Voer het wachtwoord in waarmee je deze Mac ontgrendelt.",
    },
    "MACPW-WRONG": {
      summary: "Dat is niet het wachtwoord van deze Mac.",
      nextStep: "Voer het wachtwoord in waarmee je deze Mac ontgrendelt, of kies ‘Sla over’.",
    },
    "RELAY-UNREACHABLE": {
      summary: "De overdrachtsdienst is niet bereikbaar.",
      nextStep: "Controleer de netwerkverbinding en probeer het opnieuw.",
    },
    "RELAY-TLS": {
      summary: "Er kon geen beveiligde verbinding met de overdrachtsdienst worden gemaakt.",
      nextStep: "Neem contact op met je IT-afdeling en vermeld de supportcode.",
    },
    "RELAY-IDENTITY": {
      summary: "Het certificaat van deze Mac voor de overdrachtsdienst ontbreekt.",
      nextStep: "Neem contact op met je IT-afdeling en vermeld de supportcode.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "De overdrachtsdienst herkende deze Mac niet.",
      nextStep: "Neem contact op met je IT-afdeling en vermeld de supportcode.",
    },
    "RELAY-FORBIDDEN": {
      summary: "De overdrachtsdienst staat dit hier niet toe.",
      nextStep: "Neem contact op met je IT-afdeling en vermeld de supportcode.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "De overdrachtsdienst kon dit verzoek niet gebruiken.",
      nextStep: "Neem contact op met je IT-afdeling en vermeld de supportcode.",
    },
    "RELAY-BUSY": {
      summary: "De overdrachtsdienst is bezet.",
      nextStep: "Wacht even; Baton probeert het vanzelf opnieuw.",
    },
    "RELAY-ERROR": {
      summary: "De overdrachtsdienst meldde een fout.",
      nextStep: "Wacht een paar minuten en probeer het dan opnieuw.",
    },
  },
};

export default catalogue;
