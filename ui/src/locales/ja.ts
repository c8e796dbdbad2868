// Japanese (日本語), polite form.
import type { Catalogue } from "./en";
import technician from "./technician/ja";
import kiosk from "./kiosk/ja";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton を起動できませんでした。",
    startFailedNext: "Baton を終了してもう一度開いてください。問題が続く場合は IT サポートに連絡してください。",
    help: "ヘルプ",
    opensInBrowser: "（ブラウザで開きます）",
    close: "閉じる",
  },
  checking: {
    starting: "起動しています…",
    lookingUpMac: "この Mac を確認しています…",
    offline: "接続がありません — {{seconds}} 秒後に再試行します",
    offlineAnnounce: "接続がありません。Baton が自動的に再試行します。",
    offlineHint: "この Mac が Wi-Fi またはネットワークケーブルに接続されているか確認してください。",
  },
  signin: {
    username: "ユーザ名",
    password: "パスワード",
    showPassword: "パスワードを表示",
    capsLock: "Caps Lock がオンになっています",
    submit: "続ける",
    resume: "設定を完了するには、もう一度サインインしてください",
    resumeDetail: "この Mac はすでにあなたに割り当てられています。サインイン情報を保存するため、Baton にもう一度パスワードが必要です。",
    needUsername: "ユーザ名を入力してください。",
    needPassword: "パスワードを入力してください。",
    sendFailed: "サインイン情報を Baton に送信できませんでした。もう一度お試しください。",
    throttled: "試行回数が多すぎます — {{seconds}} 秒後に再試行できます",
    throttledAnnounce: "試行回数が多すぎます。しばらく待ってからもう一度お試しください。",
    throttleOver: "もう一度お試しいただけます。",
    identityOverride: "テストモード：Baton はこの Mac ではなく、シリアル番号 {{serial}} の Mac として動作しています。",
  },
  working: {
    title: "この Mac をあなた用に設定しています",
    hint: "通常は 1 分以内に完了します。この Mac の電源とネットワーク接続はそのままにしてください。",
    steps: {
      verify: "アカウントを確認しています",
      assign: "この Mac をあなたに割り当てています",
      saveSignIn: "サインイン情報を保存しています",
      sync: "設定を同期しています",
    },
    states: {
      pending: "待機中",
      active: "処理中",
      done: "完了",
      skipped: "スキップ",
      failed: "失敗",
    },
  },
  macPassword: {
    title: "Mac のパスワードを入力してください",
    message: "App が保存済みのサインイン情報を確認なしで使用できるように、Baton にはこの Mac のロック解除に使用するパスワードが必要です。パスワードは一度だけ使用され、保存されません。",
    label: "Mac のパスワード",
    showPassword: "パスワードを表示",
    submit: "続ける",
    skip: "スキップ",
    skipHint: "スキップすると、NoMAD がパスワードの使用許可を一度求めることがあります。",
    needPassword: "Mac のパスワードを入力してください。",
    sendFailed: "Mac のパスワードを Baton に送信できませんでした。もう一度お試しください。",
    skipFailed: "Baton はこの手順をスキップできませんでした。もう一度お試しください。",
  },
  done: {
    title: "準備ができました、{{name}} さん",
    message: "この Mac はあなたのものになりました。App と設定は数分以内に届きます。",
    close: "完了",
  },
  assigned: {
    title: "この Mac は {{name}} さん用に設定されています",
    message: "ここで行う操作はもうありません。",
  },
  problem: {
    supportCode: "サポートコード：",
    tryAgain: "再試行",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton はこの Mac のシリアル番号を読み取れませんでした。",
      nextStep: "Mac を再起動して、もう一度サインインしてください。問題が続く場合は IT 部門に連絡してください。",
    },
    "APP-NO-DIRECTORY": {
      summary: "この Mac の Baton は、パスワードを確認するように設定されていません。",
      nextStep: "サポートコードを添えて IT 部門に連絡してください。",
    },
    "APP-MODE": {
      summary: "このバージョンの Baton は、この Mac に設定されているモードでは動作できません。",
      nextStep: "サポートコードを添えて IT 部門に連絡してください。",
    },
    "CFG-001": {
      summary: "この Mac の Baton は正しく設定されていません。",
      nextStep: "サポートコードを添えて IT 部門に連絡してください。Baton の構成プロファイルを修正する必要があります。",
    },
    "DIR-001": {
      summary: "パスワードが入力されていません。",
      nextStep: "パスワードを入力して、もう一度お試しください。",
    },
    "DIR-049": {
      summary: "ユーザ名またはパスワードが正しくありません。",
      nextStep: "ユーザ名とパスワードを確認して、もう一度お試しください。",
    },
    "DIR-100": {
      summary: "ディレクトリサーバに接続できませんでした。",
      nextStep: "ネットワーク接続を確認して、もう一度お試しください。",
    },
    "DIR-429": {
      summary: "サインインの失敗回数が多すぎます。",
      nextStep: "数分待ってから、もう一度お試しください。",
    },
    "DIR-532": {
      summary: "パスワードの有効期限が切れています。",
      nextStep: "別のデバイスまたは社内ポータルでパスワードを変更してから、もう一度お試しください。",
    },
    "DIR-533": {
      summary: "アカウントが無効になっています。",
      nextStep: "IT サポートに連絡して、アカウントを有効にしてもらってください。",
    },
    "DIR-773": {
      summary: "サインインする前にパスワードを変更する必要があります。",
      nextStep: "別のデバイスまたは社内ポータルでパスワードを変更してから、もう一度お試しください。",
    },
    "DIR-775": {
      summary: "アカウントがロックされています。",
      nextStep: "ロックが解除されるまで待つか IT サポートに連絡してから、もう一度お試しください。",
    },
    "DIR-320": {
      summary: "サインインに使用したアカウントを Baton で確認できませんでした。",
      nextStep: "サポートコードを添えて IT サポートに連絡してください。",
    },
    "UEM-OFFLINE": {
      summary: "Baton は Workspace ONE UEM に接続できませんでした。",
      nextStep: "ネットワーク接続を確認して、もう一度お試しください。",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "この Mac は Workspace ONE UEM に見つかりませんでした。",
      nextStep: "Mac の登録が完了していることを確認してからもう一度お試しいただくか、IT に連絡してください。",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "あなたのアカウントは Workspace ONE UEM に見つかりませんでした。",
      nextStep: "ユーザ名を確認するか、UEM にアカウントを追加するよう IT に依頼してください。",
    },
    "UEM-USER-MISMATCH": {
      summary: "Workspace ONE UEM のアカウントをディレクトリのアカウントと照合できませんでした。",
      nextStep: "サポートコードを添えて IT サポートに連絡してください。UEM のアカウントは、あなたのメールアドレスを持つ有効なディレクトリアカウントである必要があります。",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "この Mac があなたに割り当てられたかどうかは不明です。",
      nextStep: "Baton をもう一度起動してください。何かを行う前に、UEM で Mac の状態を確認します。",
    },
    "MACPW-EMPTY": {
      summary: "Mac のパスワードが入力されていません。",
      nextStep: "この Mac のロック解除に使用するパスワードを入力してください。",
    },
    "MACPW-WRONG": {
      summary: "この Mac のパスワードではありません。",
      nextStep: "この Mac のロック解除に使用するパスワードを入力するか、「スキップ」を選択してください。",
    },
    "RELAY-UNREACHABLE": {
      summary: "引き渡しサービスに接続できませんでした。",
      nextStep: "ネットワーク接続を確認して、もう一度お試しください。",
    },
    "RELAY-TLS": {
      summary: "引き渡しサービスとの安全な接続を確立できませんでした。",
      nextStep: "サポートコードを添えて IT 部門に連絡してください。",
    },
    "RELAY-IDENTITY": {
      summary: "この Mac の引き渡しサービス用の証明書がありません。",
      nextStep: "サポートコードを添えて IT 部門に連絡してください。",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "引き渡しサービスがこの Mac を認識しませんでした。",
      nextStep: "サポートコードを添えて IT 部門に連絡してください。",
    },
    "RELAY-FORBIDDEN": {
      summary: "引き渡しサービスはここでこの操作を許可していません。",
      nextStep: "サポートコードを添えて IT 部門に連絡してください。",
    },
    "RELAY-BAD-REQUEST": {
      summary: "引き渡しサービスはこの要求を処理できませんでした。",
      nextStep: "サポートコードを添えて IT 部門に連絡してください。",
    },
    "RELAY-BUSY": {
      summary: "引き渡しサービスが混み合っています。",
      nextStep: "しばらくお待ちください。Baton が自動的に再試行します。",
    },
    "RELAY-ERROR": {
      summary: "引き渡しサービスがエラーを報告しました。",
      nextStep: "数分待ってから、もう一度お試しください。",
    },
  },
};

export default catalogue;
