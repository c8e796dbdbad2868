// German (Deutsch), formal address.
import type { Catalogue } from "./en";
import technician from "./technician/de";
import kiosk from "./kiosk/de";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton konnte nicht starten.",
    startFailedNext: "Beenden Sie Baton und öffnen Sie es erneut. Wenn das weiterhin passiert, wenden Sie sich an den IT-Support.",
    help: "Hilfe",
    opensInBrowser: "(öffnet sich in Ihrem Browser)",
    close: "Schließen",
  },
  checking: {
    starting: "Wird gestartet …",
    lookingUpMac: "Dieser Mac wird überprüft …",
    offline: "Keine Verbindung – neuer Versuch in {{seconds}}\u00a0s",
    offlineAnnounce: "Keine Verbindung. Baton versucht es automatisch weiter.",
    offlineHint: "Prüfen Sie, ob dieser Mac mit dem WLAN oder einem Netzwerkkabel verbunden ist.",
  },
  signin: {
    username: "Benutzername",
    password: "Passwort",
    showPassword: "Passwort anzeigen",
    capsLock: "Feststelltaste ist aktiviert",
    submit: "Fortfahren",
    resume: "Melden Sie sich noch einmal an, um die Einrichtung abzuschließen",
    resumeDetail: "Dieser Mac ist Ihnen bereits zugewiesen. Baton benötigt Ihr Passwort noch einmal, um Ihre Anmeldedaten zu sichern.",
    needUsername: "Geben Sie Ihren Benutzernamen ein.",
    needPassword: "Geben Sie Ihr Passwort ein.",
    sendFailed: "Ihre Anmeldung konnte nicht an Baton übergeben werden. Versuchen Sie es erneut.",
    throttled: "Zu viele Versuche – erneut möglich in {{seconds}}\u00a0s",
    throttledAnnounce: "Zu viele Versuche. Warten Sie einen Moment, bevor Sie es erneut versuchen.",
    throttleOver: "Sie können es jetzt erneut versuchen.",
    identityOverride: "Testmodus: Baton handelt als der Mac mit der Seriennummer {{serial}}, nicht als dieser Mac.",
  },
  working: {
    title: "Dieser Mac wird für Sie eingerichtet",
    hint: "Das dauert meist weniger als eine Minute. Lassen Sie diesen Mac eingeschaltet und verbunden.",
    steps: {
      verify: "Ihr Konto wird überprüft",
      assign: "Dieser Mac wird Ihnen zugewiesen",
      saveSignIn: "Ihre Anmeldedaten werden gesichert",
      sync: "Ihre Einstellungen werden synchronisiert",
    },
    states: {
      pending: "Wartet",
      active: "Läuft",
      done: "Erledigt",
      skipped: "Übersprungen",
      failed: "Fehlgeschlagen",
    },
  },
  macPassword: {
    title: "Geben Sie Ihr Mac-Passwort ein",
    message: "Damit Ihre Apps Ihre gesicherten Anmeldedaten ohne Nachfrage verwenden können, benötigt Baton das Passwort, mit dem Sie diesen Mac entsperren. Es wird nur einmal verwendet und nicht gespeichert.",
    label: "Mac-Passwort",
    showPassword: "Passwort anzeigen",
    submit: "Fortfahren",
    skip: "Überspringen",
    skipHint: "Wenn Sie diesen Schritt überspringen, bittet NoMAD Sie möglicherweise einmal um Erlaubnis, Ihr Passwort zu verwenden.",
    needPassword: "Geben Sie Ihr Mac-Passwort ein.",
    sendFailed: "Ihr Mac-Passwort konnte nicht an Baton übergeben werden. Versuchen Sie es erneut.",
    skipFailed: "Baton konnte diesen Schritt nicht überspringen. Versuchen Sie es erneut.",
  },
  done: {
    title: "Alles erledigt, {{name}}",
    message: "Dieser Mac gehört jetzt Ihnen. Ihre Apps und Einstellungen kommen in den nächsten Minuten an.",
    close: "Fertig",
  },
  assigned: {
    title: "Dieser Mac ist für {{name}} eingerichtet",
    message: "Hier ist nichts mehr zu tun.",
  },
  problem: {
    supportCode: "Support-Code:",
    tryAgain: "Erneut versuchen",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton konnte die Seriennummer dieses Mac nicht lesen.",
      nextStep: "Starten Sie den Mac neu und melden Sie sich erneut an. Wenn das wieder passiert, wenden Sie sich an Ihre IT-Abteilung.",
    },
    "APP-NO-DIRECTORY": {
      summary: "Baton ist nicht dafür eingerichtet, Ihr Passwort auf diesem Mac zu prüfen.",
      nextStep: "Wenden Sie sich an Ihre IT-Abteilung und nennen Sie den Support-Code.",
    },
    "APP-MODE": {
      summary: "Diese Version von Baton kann nicht in dem Modus laufen, für den dieser Mac eingerichtet ist.",
      nextStep: "Wenden Sie sich an Ihre IT-Abteilung und nennen Sie den Support-Code.",
    },
    "CFG-001": {
      summary: "Baton ist auf diesem Mac nicht richtig eingerichtet.",
      nextStep: "Wenden Sie sich an Ihre IT-Abteilung und nennen Sie den Support-Code; das Konfigurationsprofil von Baton muss korrigiert werden.",
    },
    "DIR-001": {
      summary: "Es wurde kein Passwort eingegeben.",
      nextStep: "Geben Sie Ihr Passwort ein und versuchen Sie es erneut.",
    },
    "DIR-049": {
      summary: "Benutzername oder Passwort ist falsch.",
      nextStep: "Prüfen Sie Benutzername und Passwort und versuchen Sie es erneut.",
    },
    "DIR-100": {
      summary: "Der Verzeichnisserver ist nicht erreichbar.",
      nextStep: "Prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.",
    },
    "DIR-429": {
      summary: "Zu viele fehlgeschlagene Anmeldeversuche.",
      nextStep: "Warten Sie einige Minuten und versuchen Sie es dann erneut.",
    },
    "DIR-532": {
      summary: "Ihr Passwort ist abgelaufen.",
      nextStep: "Ändern Sie Ihr Passwort auf einem anderen Gerät oder im Unternehmensportal und versuchen Sie es dann erneut.",
    },
    "DIR-533": {
      summary: "Ihr Konto ist deaktiviert.",
      nextStep: "Wenden Sie sich an den IT-Support, damit Ihr Konto aktiviert wird.",
    },
    "DIR-773": {
      summary: "Sie müssen Ihr Passwort ändern, bevor Sie sich anmelden können.",
      nextStep: "Ändern Sie Ihr Passwort auf einem anderen Gerät oder im Unternehmensportal und versuchen Sie es dann erneut.",
    },
    "DIR-775": {
      summary: "Ihr Konto ist gesperrt.",
      nextStep: "Warten Sie, bis die Sperre aufgehoben ist, oder wenden Sie sich an den IT-Support, und versuchen Sie es dann erneut.",
    },
    "DIR-320": {
      summary: "Baton konnte nicht bestätigen, mit welchem Konto Sie sich angemeldet haben.",
      nextStep: "Wenden Sie sich an den IT-Support und nennen Sie den Support-Code.",
    },
    "UEM-OFFLINE": {
      summary: "Baton konnte Workspace ONE UEM nicht erreichen.",
      nextStep: "Prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Dieser Mac wurde in Workspace ONE UEM nicht gefunden.",
      nextStep: "Stellen Sie sicher, dass die Registrierung des Mac abgeschlossen ist, und versuchen Sie es erneut, oder wenden Sie sich an die IT.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Ihr Konto wurde in Workspace ONE UEM nicht gefunden.",
      nextStep: "Prüfen Sie den Benutzernamen oder bitten Sie die IT, Ihr Konto in UEM hinzuzufügen.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Ihr Workspace ONE UEM-Konto konnte Ihrem Verzeichniskonto nicht zugeordnet werden.",
      nextStep: "Wenden Sie sich an den IT-Support und nennen Sie den Supportcode; Ihr UEM-Konto muss ein aktives Verzeichniskonto mit Ihrer E-Mail-Adresse sein.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "Es ist nicht bekannt, ob dieser Mac Ihnen zugewiesen wurde.",
      nextStep: "Starten Sie Baton erneut; es prüft den Status des Mac in UEM, bevor es etwas tut.",
    },
    "MACPW-EMPTY": {
      summary: "Es wurde kein Mac-Passwort eingegeben.",
      nextStep: "Geben Sie das Passwort ein, mit dem Sie diesen Mac entsperren.",
    },
    "MACPW-WRONG": {
      summary: "Das ist nicht das Passwort dieses Mac.",
      nextStep: "Geben Sie das Passwort ein, mit dem Sie diesen Mac entsperren, oder wählen Sie „Überspringen“.",
    },
    "RELAY-UNREACHABLE": {
      summary: "Der Übergabedienst ist nicht erreichbar.",
      nextStep: "Prüfen Sie die Netzwerkverbindung und versuchen Sie es erneut.",
    },
    "RELAY-TLS": {
      summary: "Es konnte keine sichere Verbindung zum Übergabedienst hergestellt werden.",
      nextStep: "Wenden Sie sich an Ihre IT-Abteilung und nennen Sie den Support-Code.",
    },
    "RELAY-IDENTITY": {
      summary: "Das Zertifikat dieses Mac für den Übergabedienst fehlt.",
      nextStep: "Wenden Sie sich an Ihre IT-Abteilung und nennen Sie den Support-Code.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "Der Übergabedienst hat diesen Mac nicht erkannt.",
      nextStep: "Wenden Sie sich an Ihre IT-Abteilung und nennen Sie den Support-Code.",
    },
    "RELAY-FORBIDDEN": {
      summary: "Der Übergabedienst erlaubt das hier nicht.",
      nextStep: "Wenden Sie sich an Ihre IT-Abteilung und nennen Sie den Support-Code.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "Der Übergabedienst konnte diese Anfrage nicht verarbeiten.",
      nextStep: "Wenden Sie sich an Ihre IT-Abteilung und nennen Sie den Support-Code.",
    },
    "RELAY-BUSY": {
      summary: "Der Übergabedienst ist ausgelastet.",
      nextStep: "Warten Sie einen Moment; Baton versucht es von selbst erneut.",
    },
    "RELAY-ERROR": {
      summary: "Der Übergabedienst hat einen Fehler gemeldet.",
      nextStep: "Warten Sie einige Minuten und versuchen Sie es dann erneut.",
    },
  },
};

export default catalogue;
