import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Recoge tu Mac",
    message: "Escanea el código de barras de la caja o escribe el número de serie o la etiqueta de inventario y pulsa Intro.",
    label: "Número de serie o etiqueta de inventario",
    submit: "Continuar",
    unreadable: "Eso no es un número de serie ni una etiqueta de inventario. Vuelve a escanear el código de barras.",
    unknown: "No se encontró ningún Mac «{{scanned}}». Revisa la etiqueta o pregunta al personal de TI.",
    notEnrolled: "{{mac}} todavía no está listo para recoger. Entrégalo al personal de TI.",
    notStaged: "{{mac}} ya pertenece a otra persona. Entrégalo al personal de TI.",
  },
  signin: {
    title: "Inicia sesión para recoger este Mac",
    lookingUp: "Buscando este Mac…",
    ready: "listo para recoger",
    cancel: "Cancelar",
  },
  done: {
    title: "{{mac}} ya es tuyo, {{name}}.",
    message: "Ábrelo e inicia sesión con tu cuenta de la empresa.",
    next: "Siguiente persona",
  },
  problem: { back: "Atrás" },
  exit: {
    title: "Salir del punto de recogida",
    label: "Clave de salida de TI",
    submit: "Salir",
    cancel: "Cancelar",
    wrong: "Esa no es la clave de salida.",
  },
};

export default kiosk;
