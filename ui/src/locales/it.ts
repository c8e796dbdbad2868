// Italian (italiano), tu.
import type { Catalogue } from "./en";
import technician from "./technician/it";
import kiosk from "./kiosk/it";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Impossibile avviare Baton.",
    startFailedNext: "Esci da Baton e riaprilo. Se il problema persiste, contatta il supporto IT.",
    help: "Aiuto",
    opensInBrowser: "(si apre nel browser)",
    close: "Chiudi",
  },
  checking: {
    starting: "Avvio in corso…",
    lookingUpMac: "Ricerca di questo Mac…",
    offline: "Nessuna connessione — nuovo tentativo tra {{seconds}}\u00a0s",
    offlineAnnounce: "Nessuna connessione. Baton continua a riprovare automaticamente.",
    offlineHint: "Verifica che questo Mac sia connesso alla rete Wi-Fi o a un cavo di rete.",
  },
  signin: {
    username: "Nome utente",
    password: "Password",
    showPassword: "Mostra password",
    capsLock: "Il blocco maiuscole è attivo",
    submit: "Continua",
    resume: "Accedi ancora una volta per completare la configurazione",
    resumeDetail: "Questo Mac è già assegnato a te. Baton ha bisogno ancora una volta della tua password per salvare il tuo accesso.",
    needUsername: "Inserisci il tuo nome utente.",
    needPassword: "Inserisci la tua password.",
    sendFailed: "Impossibile inviare il tuo accesso a Baton. Riprova.",
    throttled: "Troppi tentativi — riprova tra {{seconds}}\u00a0s",
    throttledAnnounce: "Troppi tentativi. Attendi un momento prima di riprovare.",
    throttleOver: "Ora puoi riprovare.",
    identityOverride: "Modalità di prova: Baton agisce come il Mac con numero di serie {{serial}}, non come questo Mac.",
  },
  working: {
    title: "Configurazione di questo Mac per te",
    hint: "Di solito richiede meno di un minuto. Lascia questo Mac acceso e connesso.",
    steps: {
      verify: "Verifica del tuo account",
      assign: "Assegnazione di questo Mac a te",
      saveSignIn: "Salvataggio del tuo accesso",
      sync: "Sincronizzazione delle tue impostazioni",
    },
    states: {
      pending: "In attesa",
      active: "In corso",
      done: "Fatto",
      skipped: "Saltato",
      failed: "Non riuscito",
    },
  },
  macPassword: {
    title: "Inserisci la password del Mac",
    message: "Per consentire alle tue app di usare il tuo accesso salvato senza chiedertelo, Baton ha bisogno della password che usi per sbloccare questo Mac. Viene usata una sola volta e non viene salvata.",
    label: "Password del Mac",
    showPassword: "Mostra password",
    submit: "Continua",
    skip: "Salta",
    skipHint: "Se salti questo passaggio, NoMAD potrebbe chiederti una volta il permesso di usare la tua password.",
    needPassword: "Inserisci la password del Mac.",
    sendFailed: "Impossibile inviare la password del Mac a Baton. Riprova.",
    skipFailed: "Baton non è riuscito a saltare questo passaggio. Riprova.",
  },
  done: {
    title: "È tutto pronto, {{name}}",
    message: "Questo Mac ora è tuo. Le tue app e impostazioni arriveranno nei prossimi minuti.",
    close: "Fine",
  },
  assigned: {
    title: "Questo Mac è configurato per {{name}}",
    message: "Non c’è altro da fare qui.",
  },
  problem: {
    supportCode: "Codice di supporto:",
    tryAgain: "Riprova",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton non è riuscito a leggere il numero di serie di questo Mac.",
      nextStep: "Riavvia il Mac ed effettua di nuovo l’accesso. Se il problema si ripete, contatta il reparto IT.",
    },
    "APP-NO-DIRECTORY": {
      summary: "Baton non è configurato per verificare la tua password su questo Mac.",
      nextStep: "Contatta il reparto IT indicando il codice di supporto.",
    },
    "APP-MODE": {
      summary: "Questa versione di Baton non può funzionare nella modalità per cui è configurato questo Mac.",
      nextStep: "Contatta il reparto IT indicando il codice di supporto.",
    },
    "CFG-001": {
      summary: "Baton non è configurato correttamente su questo Mac.",
      nextStep: "Contatta il reparto IT indicando il codice di supporto; è necessario correggere il profilo di configurazione di Baton.",
    },
    "DIR-001": {
      summary: "Non è stata inserita alcuna password.",
      nextStep: "Inserisci la password, quindi riprova.",
    },
    "DIR-049": {
      summary: "Il nome utente o la password non sono corretti.",
      nextStep: "Controlla nome utente e password, quindi riprova.",
    },
    "DIR-100": {
      summary: "Impossibile raggiungere il server di directory.",
      nextStep: "Controlla la connessione di rete, quindi riprova.",
    },
    "DIR-429": {
      summary: "Troppi tentativi di accesso non riusciti.",
      nextStep: "Attendi qualche minuto, quindi riprova.",
    },
    "DIR-532": {
      summary: "La tua password è scaduta.",
      nextStep: "Cambia la password su un altro dispositivo o nel portale aziendale, quindi riprova.",
    },
    "DIR-533": {
      summary: "Il tuo account è disattivato.",
      nextStep: "Contatta il supporto IT per far attivare il tuo account.",
    },
    "DIR-773": {
      summary: "Devi cambiare la password prima di poter accedere.",
      nextStep: "Cambia la password su un altro dispositivo o nel portale aziendale, quindi riprova.",
    },
    "DIR-775": {
      summary: "Il tuo account è bloccato.",
      nextStep: "Attendi lo sblocco o contatta il supporto IT, quindi riprova.",
    },
    "DIR-320": {
      summary: "Baton non è riuscito a confermare l’account con cui hai effettuato l’accesso.",
      nextStep: "Contatta il supporto IT indicando il codice di supporto.",
    },
    "UEM-OFFLINE": {
      summary: "Baton non è riuscito a raggiungere Workspace ONE UEM.",
      nextStep: "Controlla la connessione di rete e riprova.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Questo Mac non è stato trovato in Workspace ONE UEM.",
      nextStep: "Assicurati che la registrazione del Mac sia completata, quindi riprova, oppure contatta l’IT.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Il tuo account non è stato trovato in Workspace ONE UEM.",
      nextStep: "Controlla il nome utente oppure chiedi all’IT di aggiungere il tuo account a UEM.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Non è stato possibile associare il tuo account Workspace ONE UEM al tuo account di directory.",
      nextStep: "Contatta il supporto IT indicando il codice di supporto; il tuo account UEM deve essere un account di directory attivo con il tuo indirizzo e-mail.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "Non è noto se questo Mac ti sia stato assegnato.",
      nextStep: "Riavvia Baton; verificherà lo stato del Mac in UEM prima di fare qualsiasi cosa.",
    },
    "MACPW-EMPTY": {
      summary: "Non è stata inserita alcuna password del Mac.",
      nextStep: "Inserisci la password che usi per sbloccare questo Mac.",
    },
    "MACPW-WRONG": {
      summary: "Questa non è la password di questo Mac.",
      nextStep: "Inserisci la password che usi per sbloccare questo Mac oppure scegli «Salta».",
    },
    "RELAY-UNREACHABLE": {
      summary: "Impossibile raggiungere il servizio di consegna.",
      nextStep: "Controlla la connessione di rete, quindi riprova.",
    },
    "RELAY-TLS": {
      summary: "Impossibile stabilire una connessione sicura con il servizio di consegna.",
      nextStep: "Contatta il reparto IT indicando il codice di supporto.",
    },
    "RELAY-IDENTITY": {
      summary: "Manca il certificato di questo Mac per il servizio di consegna.",
      nextStep: "Contatta il reparto IT indicando il codice di supporto.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "Il servizio di consegna non ha riconosciuto questo Mac.",
      nextStep: "Contatta il reparto IT indicando il codice di supporto.",
    },
    "RELAY-FORBIDDEN": {
      summary: "Il servizio di consegna non consente questa operazione qui.",
      nextStep: "Contatta il reparto IT indicando il codice di supporto.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "Il servizio di consegna non ha potuto usare questa richiesta.",
      nextStep: "Contatta il reparto IT indicando il codice di supporto.",
    },
    "RELAY-BUSY": {
      summary: "Il servizio di consegna è occupato.",
      nextStep: "Attendi un momento; Baton riprova da solo.",
    },
    "RELAY-ERROR": {
      summary: "Il servizio di consegna ha segnalato un errore.",
      nextStep: "Attendi qualche minuto, quindi riprova.",
    },
  },
};

export default catalogue;
