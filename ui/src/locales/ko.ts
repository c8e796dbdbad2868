// Korean (한국어), formal polite form.
import type { Catalogue } from "./en";
import technician from "./technician/ko";
import kiosk from "./kiosk/ko";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton을 시작할 수 없습니다.",
    startFailedNext: "Baton을 종료한 후 다시 여십시오. 문제가 계속되면 IT 지원팀에 문의하십시오.",
    help: "도움말",
    opensInBrowser: "(브라우저에서 열림)",
    close: "닫기",
  },
  checking: {
    starting: "시작하는 중…",
    lookingUpMac: "이 Mac을 확인하는 중…",
    offline: "연결 없음 — {{seconds}}초 후 다시 시도",
    offlineAnnounce: "연결되어 있지 않습니다. Baton이 자동으로 계속 시도합니다.",
    offlineHint: "이 Mac이 Wi-Fi 또는 네트워크 케이블에 연결되어 있는지 확인하십시오.",
  },
  signin: {
    username: "사용자 이름",
    password: "암호",
    showPassword: "암호 보기",
    capsLock: "Caps Lock이 켜져 있습니다",
    submit: "계속",
    resume: "설정을 완료하려면 한 번 더 로그인하십시오",
    resumeDetail: "이 Mac은 이미 사용자에게 할당되었습니다. 로그인 정보를 저장하려면 Baton에 암호가 한 번 더 필요합니다.",
    needUsername: "사용자 이름을 입력하십시오.",
    needPassword: "암호를 입력하십시오.",
    sendFailed: "로그인 정보를 Baton에 보낼 수 없습니다. 다시 시도하십시오.",
    throttled: "시도 횟수 초과 — {{seconds}}초 후 다시 시도할 수 있습니다",
    throttledAnnounce: "시도 횟수가 너무 많습니다. 잠시 기다린 후 다시 시도하십시오.",
    throttleOver: "이제 다시 시도할 수 있습니다.",
    identityOverride: "테스트 모드: Baton이 이 Mac이 아닌 일련 번호 {{serial}}의 Mac으로 동작하고 있습니다.",
  },
  working: {
    title: "이 Mac을 사용자에 맞게 설정하는 중",
    hint: "보통 1분 이내에 완료됩니다. 이 Mac의 전원과 네트워크 연결을 유지하십시오.",
    steps: {
      verify: "계정 확인 중",
      assign: "이 Mac을 사용자에게 할당하는 중",
      saveSignIn: "로그인 정보 저장 중",
      sync: "설정 동기화 중",
    },
    states: {
      pending: "대기 중",
      active: "진행 중",
      done: "완료",
      skipped: "건너뜀",
      failed: "실패",
    },
  },
  macPassword: {
    title: "Mac 암호를 입력하십시오",
    message: "앱이 저장된 로그인 정보를 묻지 않고 사용할 수 있도록 Baton에 이 Mac의 잠금을 해제할 때 사용하는 암호가 필요합니다. 암호는 한 번만 사용되며 저장되지 않습니다.",
    label: "Mac 암호",
    showPassword: "암호 보기",
    submit: "계속",
    skip: "건너뛰기",
    skipHint: "건너뛰면 NoMAD가 암호 사용 권한을 한 번 요청할 수 있습니다.",
    needPassword: "Mac 암호를 입력하십시오.",
    sendFailed: "Mac 암호를 Baton에 보낼 수 없습니다. 다시 시도하십시오.",
    skipFailed: "Baton이 이 단계를 건너뛸 수 없습니다. 다시 시도하십시오.",
  },
  done: {
    title: "모든 준비가 끝났습니다, {{name}}님",
    message: "이제 이 Mac은 사용자의 것입니다. 앱과 설정이 몇 분 안에 도착합니다.",
    close: "완료",
  },
  assigned: {
    title: "이 Mac은 {{name}}님을 위해 설정되었습니다",
    message: "여기서 더 할 일은 없습니다.",
  },
  problem: {
    supportCode: "지원 코드:",
    tryAgain: "다시 시도",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton이 이 Mac의 일련번호를 읽을 수 없습니다.",
      nextStep: "Mac을 재시동하고 다시 로그인하십시오. 문제가 계속되면 IT 부서에 문의하십시오.",
    },
    "APP-NO-DIRECTORY": {
      summary: "이 Mac의 Baton은 암호를 확인하도록 설정되어 있지 않습니다.",
      nextStep: "지원 코드를 알려 IT 부서에 문의하십시오.",
    },
    "APP-MODE": {
      summary: "이 버전의 Baton은 이 Mac에 설정된 모드로 실행할 수 없습니다.",
      nextStep: "지원 코드를 알려 IT 부서에 문의하십시오.",
    },
    "CFG-001": {
      summary: "이 Mac의 Baton이 올바르게 설정되지 않았습니다.",
      nextStep: "지원 코드를 알려 IT 부서에 문의하십시오. Baton의 구성 프로파일을 수정해야 합니다.",
    },
    "DIR-001": {
      summary: "암호를 입력하지 않았습니다.",
      nextStep: "암호를 입력한 후 다시 시도하십시오.",
    },
    "DIR-049": {
      summary: "사용자 이름 또는 암호가 올바르지 않습니다.",
      nextStep: "사용자 이름과 암호를 확인한 후 다시 시도하십시오.",
    },
    "DIR-100": {
      summary: "디렉토리 서버에 연결할 수 없습니다.",
      nextStep: "네트워크 연결을 확인한 후 다시 시도하십시오.",
    },
    "DIR-429": {
      summary: "로그인 실패 횟수가 너무 많습니다.",
      nextStep: "몇 분 기다린 후 다시 시도하십시오.",
    },
    "DIR-532": {
      summary: "암호가 만료되었습니다.",
      nextStep: "다른 기기나 회사 포털에서 암호를 변경한 후 다시 시도하십시오.",
    },
    "DIR-533": {
      summary: "계정이 비활성화되었습니다.",
      nextStep: "IT 지원팀에 문의하여 계정을 활성화하십시오.",
    },
    "DIR-773": {
      summary: "로그인하기 전에 암호를 변경해야 합니다.",
      nextStep: "다른 기기나 회사 포털에서 암호를 변경한 후 다시 시도하십시오.",
    },
    "DIR-775": {
      summary: "계정이 잠겼습니다.",
      nextStep: "잠금이 해제될 때까지 기다리거나 IT 지원팀에 문의한 후 다시 시도하십시오.",
    },
    "DIR-320": {
      summary: "Baton이 로그인에 사용한 계정을 확인할 수 없습니다.",
      nextStep: "지원 코드를 알려 IT 지원팀에 문의하십시오.",
    },
    "UEM-OFFLINE": {
      summary: "Baton이 Workspace ONE UEM에 연결할 수 없습니다.",
      nextStep: "네트워크 연결을 확인한 후 다시 시도하십시오.",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "Workspace ONE UEM에서 이 Mac을 찾을 수 없습니다.",
      nextStep: "Mac의 등록이 완료되었는지 확인한 후 다시 시도하거나 IT 부서에 문의하십시오.",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "Workspace ONE UEM에서 사용자 계정을 찾을 수 없습니다.",
      nextStep: "사용자 이름을 확인하거나 IT 부서에 UEM에 계정을 추가해 달라고 요청하십시오.",
    },
    "UEM-USER-MISMATCH": {
      summary: "Workspace ONE UEM 계정을 디렉터리 계정과 일치시킬 수 없습니다.",
      nextStep: "지원 코드를 알려 IT 지원팀에 문의하십시오. UEM 계정은 사용자의 이메일 주소가 있는 활성 디렉터리 계정이어야 합니다.",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "이 Mac이 사용자에게 할당되었는지 알 수 없습니다.",
      nextStep: "Baton을 다시 시작하십시오. 작업을 수행하기 전에 UEM에서 Mac의 상태를 확인합니다.",
    },
    "MACPW-EMPTY": {
      summary: "Mac 암호를 입력하지 않았습니다.",
      nextStep: "이 Mac의 잠금을 해제할 때 사용하는 암호를 입력하십시오.",
    },
    "MACPW-WRONG": {
      summary: "이 Mac의 암호가 아닙니다.",
      nextStep: "이 Mac의 잠금을 해제할 때 사용하는 암호를 입력하거나 ‘건너뛰기’를 선택하십시오.",
    },
    "RELAY-UNREACHABLE": {
      summary: "인계 서비스에 연결할 수 없습니다.",
      nextStep: "네트워크 연결을 확인한 후 다시 시도하십시오.",
    },
    "RELAY-TLS": {
      summary: "인계 서비스와 보안 연결을 설정할 수 없습니다.",
      nextStep: "지원 코드를 알려 IT 부서에 문의하십시오.",
    },
    "RELAY-IDENTITY": {
      summary: "인계 서비스용 이 Mac의 인증서가 없습니다.",
      nextStep: "지원 코드를 알려 IT 부서에 문의하십시오.",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "인계 서비스가 이 Mac을 인식하지 못했습니다.",
      nextStep: "지원 코드를 알려 IT 부서에 문의하십시오.",
    },
    "RELAY-FORBIDDEN": {
      summary: "인계 서비스가 여기에서 이 작업을 허용하지 않습니다.",
      nextStep: "지원 코드를 알려 IT 부서에 문의하십시오.",
    },
    "RELAY-BAD-REQUEST": {
      summary: "인계 서비스가 이 요청을 처리할 수 없습니다.",
      nextStep: "지원 코드를 알려 IT 부서에 문의하십시오.",
    },
    "RELAY-BUSY": {
      summary: "인계 서비스가 사용 중입니다.",
      nextStep: "잠시 기다리십시오. Baton이 자동으로 다시 시도합니다.",
    },
    "RELAY-ERROR": {
      summary: "인계 서비스가 오류를 보고했습니다.",
      nextStep: "몇 분 기다린 후 다시 시도하십시오.",
    },
  },
};

export default catalogue;
