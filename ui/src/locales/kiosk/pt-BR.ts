import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Retire seu Mac",
    message: "Escaneie o código de barras da caixa ou digite o número de série ou a etiqueta de patrimônio e pressione Enter.",
    label: "Número de série ou etiqueta de patrimônio",
    submit: "Continuar",
    unreadable: "Isso não é um número de série nem uma etiqueta de patrimônio. Escaneie o código de barras novamente.",
    unknown: "Nenhum Mac “{{scanned}}” foi encontrado. Confira a etiqueta ou pergunte à equipe de TI.",
    notEnrolled: "{{mac}} ainda não está pronto para retirada. Entregue-o à equipe de TI.",
    notStaged: "{{mac}} já pertence a outra pessoa. Entregue-o à equipe de TI.",
  },
  signin: {
    title: "Entre para retirar este Mac",
    lookingUp: "Procurando este Mac…",
    ready: "pronto para retirada",
    cancel: "Cancelar",
  },
  done: {
    title: "{{mac}} agora é seu, {{name}}.",
    message: "Abra-o e entre com sua conta da empresa.",
    next: "Próxima pessoa",
  },
  problem: { back: "Voltar" },
  exit: {
    title: "Sair do balcão de retirada",
    label: "Segredo de saída da TI",
    submit: "Sair",
    cancel: "Cancelar",
    wrong: "Esse não é o segredo de saída.",
  },
};

export default kiosk;
