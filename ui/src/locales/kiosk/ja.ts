import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "Mac を受け取る",
    message: "箱のバーコードをスキャンするか、シリアル番号または資産タグを入力して Return キーを押してください。",
    label: "シリアル番号または資産タグ",
    submit: "続ける",
    unreadable: "シリアル番号でも資産タグでもありません。バーコードをもう一度スキャンしてください。",
    unknown: "「{{scanned}}」の Mac は見つかりませんでした。ラベルを確認するか、IT スタッフにお尋ねください。",
    notEnrolled: "{{mac}} はまだ受け取りの準備ができていません。IT スタッフに渡してください。",
    notStaged: "{{mac}} はすでに別の人に割り当てられています。IT スタッフに渡してください。",
  },
  signin: {
    title: "サインインしてこの Mac を受け取る",
    lookingUp: "この Mac を検索しています…",
    ready: "受け取り可能",
    cancel: "キャンセル",
  },
  done: {
    title: "{{name}} さん、{{mac}} はあなたのものになりました。",
    message: "Mac を開いて、会社のアカウントでサインインしてください。",
    next: "次の人",
  },
  problem: { back: "戻る" },
  exit: {
    title: "受け取りカウンターを終了",
    label: "IT 用の終了シークレット",
    submit: "終了",
    cancel: "キャンセル",
    wrong: "終了シークレットが正しくありません。",
  },
};

export default kiosk;
