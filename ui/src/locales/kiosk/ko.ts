import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Mac 수령하기",
    message: "상자의 바코드를 스캔하거나 일련번호 또는 자산 태그를 입력한 다음 Return 키를 누르세요.",
    label: "일련번호 또는 자산 태그",
    submit: "계속",
    unreadable: "일련번호나 자산 태그가 아닙니다. 바코드를 다시 스캔하세요.",
    unknown: "‘{{scanned}}’에 해당하는 Mac을 찾을 수 없습니다. 라벨을 확인하거나 IT 담당자에게 문의하세요.",
    notEnrolled: "{{mac}}은(는) 아직 수령할 준비가 되지 않았습니다. IT 담당자에게 전달하세요.",
    notStaged: "{{mac}}은(는) 이미 다른 사람에게 할당되어 있습니다. IT 담당자에게 전달하세요.",
  },
  signin: {
    title: "이 Mac을 수령하려면 로그인하세요",
    lookingUp: "이 Mac을 찾는 중…",
    ready: "수령 가능",
    cancel: "취소",
  },
  done: {
    title: "{{name}}님, 이제 {{mac}}은(는) 회원님의 것입니다.",
    message: "Mac을 열고 회사 계정으로 로그인하세요.",
    next: "다음 사람",
  },
  problem: { back: "뒤로" },
  exit: {
    title: "수령 데스크 종료",
    label: "IT 종료 비밀번호",
    submit: "종료",
    cancel: "취소",
    wrong: "종료 비밀번호가 올바르지 않습니다.",
  },
};

export default kiosk;
