import type { KioskCatalogue } from "./en";

const kiosk: KioskCatalogue = {
  scan: {
    title: "领取你的 Mac",
    message: "扫描包装盒上的条形码，或输入序列号或资产标签，然后按回车键。",
    label: "序列号或资产标签",
    submit: "继续",
    unreadable: "这不是序列号或资产标签。请重新扫描条形码。",
    unknown: "未找到“{{scanned}}”对应的 Mac。请检查标签，或询问 IT 工作人员。",
    notEnrolled: "{{mac}} 尚未准备好领取。请将它交给 IT 工作人员。",
    notStaged: "{{mac}} 已属于其他人。请将它交给 IT 工作人员。",
  },
  signin: {
    title: "登录以领取这台 Mac",
    lookingUp: "正在查找这台 Mac…",
    ready: "可以领取",
    cancel: "取消",
  },
  done: {
    title: "{{name}}，{{mac}} 现在归你了。",
    message: "打开它，并使用你的公司账户登录。",
    next: "下一位",
  },
  problem: { back: "返回" },
  exit: {
    title: "退出领取台",
    label: "IT 退出密钥",
    submit: "退出",
    cancel: "取消",
    wrong: "退出密钥不正确。",
  },
};

export default kiosk;
