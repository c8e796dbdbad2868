// Brazilian Portuguese (português do Brasil), você.
import type { Catalogue } from "./en";
import technician from "./technician/pt-BR";
import kiosk from "./kiosk/pt-BR";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Não foi possível iniciar o Baton.",
    startFailedNext: "Encerre o Baton e abra-o novamente. Se isso continuar acontecendo, entre em contato com o suporte de TI.",
    help: "Ajuda",
    opensInBrowser: "(abre no navegador)",
    close: "Fechar",
  },
  checking: {
    starting: "Iniciando…",
    lookingUpMac: "Procurando este Mac…",
    offline: "Sem conexão — nova tentativa em {{seconds}}\u00a0s",
    offlineAnnounce: "Sem conexão. O Baton continua tentando automaticamente.",
    offlineHint: "Verifique se este Mac está conectado ao Wi-Fi ou a um cabo de rede.",
  },
  signin: {
    username: "Nome de usuário",
    password: "Senha",
    showPassword: "Mostrar senha",
    capsLock: "Caps Lock está ativado",
    submit: "Continuar",
    resume: "Faça login mais uma vez para concluir a configuração",
    resumeDetail: "Este Mac já está atribuído a você. O Baton precisa da sua senha mais uma vez para salvar o seu login.",
    needUsername: "Digite seu nome de usuário.",
    needPassword: "Digite sua senha.",
    sendFailed: "Não foi possível enviar seu login ao Baton. Tente novamente.",
    throttled: "Tentativas demais — tente novamente em {{seconds}}\u00a0s",
    throttledAnnounce: "Tentativas demais. Aguarde um momento antes de tentar novamente.",
    throttleOver: "Você já pode tentar novamente.",
    identityOverride: "Modo de teste: o Baton está agindo como o Mac com número de série {{serial}}, não como este Mac.",
  },
  working: {
    title: "Configurando este Mac para você",
    hint: "Isso costuma levar menos de um minuto. Mantenha este Mac ligado e conectado.",
    steps: {
      verify: "Verificando sua conta",
      assign: "Atribuindo este Mac a você",
      saveSignIn: "Salvando seu login",
      sync: "Sincronizando seus ajustes",
    },
    states: {
      pending: "Aguardando",
      active: "Em andamento",
      done: "Concluído",
      skipped: "Ignorado",
      failed: "Falhou",
    },
  },
  macPassword: {
    title: "Digite a senha do seu Mac",
    message: "Para que seus apps possam usar o seu login salvo sem perguntar, o Baton precisa da senha que você usa para desbloquear este Mac. Ela é usada uma única vez e não é salva.",
    label: "Senha do Mac",
    showPassword: "Mostrar senha",
    submit: "Continuar",
    skip: "Pular",
    skipHint: "Se você pular esta etapa, o NoMAD poderá pedir uma vez sua permissão para usar a senha.",
    needPassword: "Digite a senha do seu Mac.",
    sendFailed: "Não foi possível enviar a senha do seu Mac ao Baton. Tente novamente.",
    skipFailed: "O Baton não conseguiu pular esta etapa. Tente novamente.",
  },
  done: {
    title: "Tudo pronto, {{name}}",
    message: "Este Mac agora é seu. Seus apps e ajustes chegam nos próximos minutos.",
    close: "OK",
  },
  assigned: {
    title: "Este Mac está configurado para {{name}}",
    message: "Não há mais nada a fazer aqui.",
  },
  problem: {
    supportCode: "Código de suporte:",
    tryAgain: "Tentar novamente",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "O Baton não conseguiu ler o número de série deste Mac.",
      nextStep: "Reinicie o Mac e entre novamente. Se isso continuar acontecendo, entre em contato com o departamento de TI.",
    },
    "APP-NO-DIRECTORY": {
      summary: "O Baton não está configurado para verificar sua senha neste Mac.",
      nextStep: "Entre em contato com o departamento de TI e informe o código de suporte.",
    },
    "APP-MODE": {
      summary: "Esta versão do Baton não pode funcionar no modo para o qual este Mac está configurado.",
      nextStep: "Entre em contato com o departamento de TI e informe o código de suporte.",
    },
    "CFG-001": {
      summary: "O Baton não está configurado corretamente neste Mac.",
      nextStep: "Entre em contato com o departamento de TI e informe o código de suporte; é preciso corrigir o perfil de configuração do Baton.",
    },
    "DIR-001": {
      summary: "Nenhuma senha foi digitada.",
      nextStep: "Digite sua senha e tente novamente.",
    },
    "DIR-049": {
      summary: "O nome de usuário ou a senha está incorreto.",
      nextStep: "Verifique seu nome de usuário e sua senha e tente novamente.",
    },
    "DIR-100": {
      summary: "Não foi possível acessar o servidor de diretório.",
      nextStep: "Verifique a conexão de rede e tente novamente.",
    },
    "DIR-429": {
      summary: "Tentativas de login malsucedidas demais.",
      nextStep: "Aguarde alguns minutos e tente novamente.",
    },
    "DIR-532": {
      summary: "Sua senha expirou.",
      nextStep: "Altere sua senha em outro dispositivo ou no portal da empresa e tente novamente.",
    },
    "DIR-533": {
      summary: "Sua conta está desativada.",
      nextStep: "Entre em contato com o suporte de TI para ativar sua conta.",
    },
    "DIR-773": {
      summary: "Você precisa alterar sua senha antes de fazer login.",
      nextStep: "Altere sua senha em outro dispositivo ou no portal da empresa e tente novamente.",
    },
    "DIR-775": {
      summary: "Sua conta está bloqueada.",
      nextStep: "Aguarde o desbloqueio ou entre em contato com o suporte de TI e tente novamente.",
    },
    "DIR-320": {
      summary: "O Baton não conseguiu confirmar com qual conta você entrou.",
      nextStep: "Entre em contato com o suporte de TI e informe o código de suporte.",
    },
    "UEM-OFFLINE": {
      summary: "O Baton não conseguiu acessar o Workspace ONE UEM.",
      nextStep: "Verifique a conexão de rede e tente novamente.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Este Mac não foi encontrado no Workspace ONE UEM.",
      nextStep: "Verifique se o registro do Mac foi concluído e tente novamente, ou entre em contato com a TI.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Sua conta não foi encontrada no Workspace ONE UEM.",
      nextStep: "Verifique o nome de usuário ou peça à TI para adicionar sua conta ao UEM.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Não foi possível associar sua conta do Workspace ONE UEM à sua conta do diretório.",
      nextStep: "Entre em contato com o suporte de TI e informe o código de suporte; sua conta do UEM deve ser uma conta de diretório ativa com seu endereço de e-mail.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "Não se sabe se este Mac foi atribuído a você.",
      nextStep: "Abra o Baton novamente; ele verificará o estado do Mac no UEM antes de fazer qualquer coisa.",
    },
    "MACPW-EMPTY": {
      summary: "Nenhuma senha do Mac foi digitada.",
      nextStep: "Digite a senha que você usa para desbloquear este Mac.",
    },
    "MACPW-WRONG": {
      summary: "Essa não é a senha deste Mac.",
      nextStep: "Digite a senha que você usa para desbloquear este Mac ou escolha “Pular”.",
    },
    "RELAY-UNREACHABLE": {
      summary: "Não foi possível acessar o serviço de entrega.",
      nextStep: "Verifique a conexão de rede e tente novamente.",
    },
    "RELAY-TLS": {
      summary: "Não foi possível estabelecer uma conexão segura com o serviço de entrega.",
      nextStep: "Entre em contato com o departamento de TI e informe o código de suporte.",
    },
    "RELAY-IDENTITY": {
      summary: "O certificado deste Mac para o serviço de entrega está faltando.",
      nextStep: "Entre em contato com o departamento de TI e informe o código de suporte.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "O serviço de entrega não reconheceu este Mac.",
      nextStep: "Entre em contato com o departamento de TI e informe o código de suporte.",
    },
    "RELAY-FORBIDDEN": {
      summary: "O serviço de entrega não permite isso aqui.",
      nextStep: "Entre em contato com o departamento de TI e informe o código de suporte.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "O serviço de entrega não conseguiu usar esta solicitação.",
      nextStep: "Entre em contato com o departamento de TI e informe o código de suporte.",
    },
    "RELAY-BUSY": {
      summary: "O serviço de entrega está ocupado.",
      nextStep: "Aguarde um momento; o Baton tentará de novo sozinho.",
    },
    "RELAY-ERROR": {
      summary: "O serviço de entrega informou um erro.",
      nextStep: "Aguarde alguns minutos e tente novamente.",
    },
  },
};

export default catalogue;
