// Spanish (español), tú.
import type { Catalogue } from "./en";
import technician from "./technician/es";
import kiosk from "./kiosk/es";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton no ha podido iniciarse.",
    startFailedNext: "Sal de Baton y vuelve a abrirlo. Si sigue ocurriendo, ponte en contacto con el soporte de TI.",
    help: "Ayuda",
    opensInBrowser: "(se abre en el navegador)",
    close: "Cerrar",
  },
  checking: {
    starting: "Iniciando…",
    lookingUpMac: "Buscando este Mac…",
    offline: "Sin conexión: se volverá a intentar en {{seconds}}\u00a0s",
    offlineAnnounce: "Sin conexión. Baton lo seguirá intentando automáticamente.",
    offlineHint: "Comprueba que este Mac esté conectado a la red Wi-Fi o a un cable de red.",
  },
  signin: {
    username: "Nombre de usuario",
    password: "Contraseña",
    showPassword: "Mostrar contraseña",
    capsLock: "Bloq Mayús está activado",
    submit: "Continuar",
    resume: "Inicia sesión una vez más para terminar la configuración",
    resumeDetail: "Este Mac ya está asignado a ti. Baton necesita tu contraseña una vez más para guardar tu inicio de sesión.",
    needUsername: "Introduce tu nombre de usuario.",
    needPassword: "Introduce tu contraseña.",
    sendFailed: "No se ha podido enviar tu inicio de sesión a Baton. Vuelve a intentarlo.",
    throttled: "Demasiados intentos: vuelve a intentarlo en {{seconds}}\u00a0s",
    throttledAnnounce: "Demasiados intentos. Espera un momento antes de volver a intentarlo.",
    throttleOver: "Ya puedes volver a intentarlo.",
    identityOverride: "Modo de prueba: Baton actúa como el Mac con número de serie {{serial}}, no como este Mac.",
  },
  working: {
    title: "Configurando este Mac para ti",
    hint: "Normalmente tarda menos de un minuto. Mantén este Mac encendido y conectado.",
    steps: {
      verify: "Verificando tu cuenta",
      assign: "Asignándote este Mac",
      saveSignIn: "Guardando tu inicio de sesión",
      sync: "Sincronizando tus ajustes",
    },
    states: {
      pending: "En espera",
      active: "En curso",
      done: "Hecho",
      skipped: "Omitido",
      failed: "Error",
    },
  },
  macPassword: {
    title: "Introduce la contraseña de tu Mac",
    message: "Para que tus apps puedan usar tu inicio de sesión guardado sin preguntarte, Baton necesita la contraseña con la que desbloqueas este Mac. Solo se usa una vez y no se guarda.",
    label: "Contraseña del Mac",
    showPassword: "Mostrar contraseña",
    submit: "Continuar",
    skip: "Omitir",
    skipHint: "Si omites este paso, puede que NoMAD te pida una vez permiso para usar tu contraseña.",
    needPassword: "Introduce la contraseña de tu Mac.",
    sendFailed: "No se ha podido enviar la contraseña de tu Mac a Baton. Vuelve a intentarlo.",
    skipFailed: "Baton no ha podido omitir este paso. Vuelve a intentarlo.",
  },
  done: {
    title: "Todo listo, {{name}}",
    message: "Este Mac ya es tuyo. Tus apps y ajustes llegarán en los próximos minutos.",
    close: "Listo",
  },
  assigned: {
    title: "Este Mac está configurado para {{name}}",
    message: "No queda nada por hacer aquí.",
  },
  problem: {
    supportCode: "Código de soporte:",
    tryAgain: "Reintentar",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton no ha podido leer el número de serie de este Mac.",
      nextStep: "Reinicia el Mac y vuelve a iniciar sesión. Si vuelve a ocurrir, ponte en contacto con tu departamento de TI.",
    },
    "APP-NO-DIRECTORY": {
      summary: "Baton no está configurado para comprobar tu contraseña en este Mac.",
      nextStep: "Ponte en contacto con tu departamento de TI e indica el código de soporte.",
    },
    "APP-MODE": {
      summary: "Esta versión de Baton no puede funcionar en el modo para el que está configurado este Mac.",
      nextStep: "Ponte en contacto con tu departamento de TI e indica el código de soporte.",
    },
    "CFG-001": {
      summary: "Baton no está configurado correctamente en este Mac.",
      nextStep: "Ponte en contacto con tu departamento de TI e indica el código de soporte; deben corregir el perfil de configuración de Baton.",
    },
    "DIR-001": {
      summary: "No se ha introducido ninguna contraseña.",
      nextStep: "Introduce tu contraseña y vuelve a intentarlo.",
    },
    "DIR-049": {
      summary: "El nombre de usuario o la contraseña no son correctos.",
      nextStep: "Comprueba tu nombre de usuario y tu contraseña y vuelve a intentarlo.",
    },
    "DIR-100": {
      summary: "No se ha podido acceder al servidor de directorio.",
      nextStep: "Comprueba la conexión de red y vuelve a intentarlo.",
    },
    "DIR-429": {
      summary: "Demasiados intentos de inicio de sesión fallidos.",
      nextStep: "Espera unos minutos y vuelve a intentarlo.",
    },
    "DIR-532": {
      summary: "Tu contraseña ha caducado.",
      nextStep: "Cambia tu contraseña en otro dispositivo o en el portal de la empresa y vuelve a intentarlo.",
    },
    "DIR-533": {
      summary: "Tu cuenta está desactivada.",
      nextStep: "Ponte en contacto con el soporte de TI para que activen tu cuenta.",
    },
    "DIR-773": {
      summary: "Debes cambiar tu contraseña antes de poder iniciar sesión.",
      nextStep: "Cambia tu contraseña en otro dispositivo o en el portal de la empresa y vuelve a intentarlo.",
    },
    "DIR-775": {
      summary: "Tu cuenta está bloqueada.",
      nextStep: "Espera a que se desbloquee o ponte en contacto con el soporte de TI y vuelve a intentarlo.",
    },
    "DIR-320": {
      summary: "Baton no ha podido confirmar con qué cuenta has iniciado sesión.",
      nextStep: "Ponte en contacto con el soporte de TI e indica el código de soporte.",
    },
    "UEM-OFFLINE": {
      summary: "Baton no ha podido conectarse con Workspace ONE UEM.",
      nextStep: "Comprueba la conexión de red y vuelve a intentarlo.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Este Mac no se ha encontrado en Workspace ONE UEM.",
      nextStep: "Asegúrate de que el Mac haya terminado la inscripción y vuelve a intentarlo, o ponte en contacto con TI.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Tu cuenta no se ha encontrado en Workspace ONE UEM.",
      nextStep: "Comprueba el nombre de usuario o pide a TI que añada tu cuenta a UEM.",
    },
    "UEM-USER-MISMATCH": {
      summary: "No se ha podido asociar tu cuenta de Workspace ONE UEM con tu cuenta del directorio.",
      nextStep: "Ponte en contacto con el soporte de TI e indica el código de soporte; tu cuenta de UEM debe ser una cuenta de directorio activa con tu dirección de correo electrónico.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "No se sabe si este Mac se te ha asignado.",
      nextStep: "Vuelve a abrir Baton; comprobará el estado del Mac en UEM antes de hacer nada.",
    },
    "MACPW-EMPTY": {
      summary: "No se ha introducido ninguna contraseña del Mac.",
      nextStep: "Introduce la contraseña con la que desbloqueas este Mac.",
    },
    "MACPW-WRONG": {
      summary: "Esa no es la contraseña de este Mac.",
      nextStep: "Introduce la contraseña con la que desbloqueas este Mac o elige «Omitir».",
    },
    "RELAY-UNREACHABLE": {
      summary: "No se ha podido contactar con el servicio de entrega.",
      nextStep: "Comprueba la conexión de red y vuelve a intentarlo.",
    },
    "RELAY-TLS": {
      summary: "No se ha podido establecer una conexión segura con el servicio de entrega.",
      nextStep: "Ponte en contacto con tu departamento de TI e indica el código de soporte.",
    },
    "RELAY-IDENTITY": {
      summary: "Falta el certificado de este Mac para el servicio de entrega.",
      nextStep: "Ponte en contacto con tu departamento de TI e indica el código de soporte.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "El servicio de entrega no ha reconocido este Mac.",
      nextStep: "Ponte en contacto con tu departamento de TI e indica el código de soporte.",
    },
    "RELAY-FORBIDDEN": {
      summary: "El servicio de entrega no permite esto aquí.",
      nextStep: "Ponte en contacto con tu departamento de TI e indica el código de soporte.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "El servicio de entrega no ha podido usar esta solicitud.",
      nextStep: "Ponte en contacto con tu departamento de TI e indica el código de soporte.",
    },
    "RELAY-BUSY": {
      summary: "El servicio de entrega está ocupado.",
      nextStep: "Espera un momento; Baton lo volverá a intentar por sí solo.",
    },
    "RELAY-ERROR": {
      summary: "El servicio de entrega ha informado de un error.",
      nextStep: "Espera unos minutos y vuelve a intentarlo.",
    },
  },
};

export default catalogue;
