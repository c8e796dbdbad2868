// Simplified Chinese (简体中文).
import type { Catalogue } from "./en";
import technician from "./technician/zh-Hans";
import kiosk from "./kiosk/zh-Hans";

const catalogue: Catalogue = {
  kiosk: kiosk,
  app: {
    startFailed: "Baton 无法启动。",
    startFailedNext: "请退出 Baton 并重新打开。如果问题仍然存在，请联系 IT 支持。",
    help: "帮助",
    opensInBrowser: "（在浏览器中打开）",
    close: "关闭",
  },
  checking: {
    starting: "正在启动…",
    lookingUpMac: "正在查找这台 Mac…",
    offline: "没有网络连接 — {{seconds}} 秒后重试",
    offlineAnnounce: "没有网络连接。Baton 会自动重试。",
    offlineHint: "请检查这台 Mac 是否已连接到无线局域网或网线。",
  },
  signin: {
    username: "用户名",
    password: "密码",
    showPassword: "显示密码",
    capsLock: "大写锁定已打开",
    submit: "继续",
    resume: "请再登录一次以完成设置",
    resumeDetail: "这台 Mac 已分配给你。Baton 还需要你的密码来保存登录信息。",
    needUsername: "请输入用户名。",
    needPassword: "请输入密码。",
    sendFailed: "无法将你的登录信息发送给 Baton。请重试。",
    throttled: "尝试次数过多 — {{seconds}} 秒后可重试",
    throttledAnnounce: "尝试次数过多。请稍候再试。",
    throttleOver: "现在可以重试了。",
    identityOverride: "测试模式：Baton 正在以序列号为 {{serial}} 的 Mac 的身份运行，而不是这台 Mac。",
  },
  working: {
    title: "正在为你设置这台 Mac",
    hint: "通常不到一分钟即可完成。请保持这台 Mac 开机并连接网络。",
    steps: {
      verify: "正在验证你的账户",
      assign: "正在将这台 Mac 分配给你",
      saveSignIn: "正在保存你的登录信息",
      sync: "正在同步你的设置",
    },
    states: {
      pending: "等待中",
      active: "进行中",
      done: "已完成",
      skipped: "已跳过",
      failed: "失败",
    },
  },
  macPassword: {
    title: "输入你的 Mac 密码",
    message: "为了让你的 App 无需询问即可使用已存储的登录信息，Baton 需要你用于解锁这台 Mac 的密码。该密码仅使用一次，不会被存储。",
    label: "Mac 密码",
    showPassword: "显示密码",
    submit: "继续",
    skip: "跳过",
    skipHint: "如果跳过，NoMAD 可能会请求一次使用你密码的权限。",
    needPassword: "请输入你的 Mac 密码。",
    sendFailed: "无法将你的 Mac 密码发送给 Baton。请重试。",
    skipFailed: "Baton 无法跳过此步骤。请重试。",
  },
  done: {
    title: "一切就绪，{{name}}",
    message: "这台 Mac 现在归你所有。你的 App 和设置将在几分钟内到达。",
    close: "完成",
  },
  assigned: {
    title: "这台 Mac 已为 {{name}} 设置好",
    message: "这里没有其他需要做的事情了。",
  },
  problem: {
    supportCode: "支持代码：",
    tryAgain: "重试",
  },
  technician,
  problems: {
    "APP-IDENTITY": {
      summary: "Baton 无法读取这台 Mac 的序列号。",
      nextStep: "请重新启动 Mac 并再次登录。如果问题仍然存在，请联系 IT 部门。",
    },
    "APP-NO-DIRECTORY": {
      summary: "这台 Mac 上的 Baton 未设置为验证你的密码。",
      nextStep: "请联系 IT 部门并提供支持代码。",
    },
    "APP-MODE": {
      summary: "此版本的 Baton 无法在这台 Mac 所设置的模式下运行。",
      nextStep: "请联系 IT 部门并提供支持代码。",
    },
    "CFG-001": {
      summary: "这台 Mac 上的 Baton 设置不正确。",
      nextStep: "请联系 IT 部门并提供支持代码；他们需要修正 Baton 的配置描述文件。",
    },
    "DIR-001": {
      summary: "未输入密码。",
      nextStep: "请输入密码，然后重试。",
    },
    "DIR-049": {
      summary: "用户名或密码不正确。",
      nextStep: "请检查用户名和密码，然后重试。",
    },
    "DIR-100": {
      summary: "无法连接到目录服务器。",
      nextStep: "请检查网络连接，然后重试。",
    },
    "DIR-429": {
      summary: "登录失败次数过多。",
      nextStep: "请等待几分钟，然后重试。",
    },
    "DIR-532": {
      summary: "你的密码已过期。",
      nextStep: "请在其他设备或公司门户上更改密码，然后重试。",
    },
    "DIR-533": {
      summary: "你的账户已停用。",
      nextStep: "请联系 IT 支持启用你的账户。",
    },
    "DIR-773": {
      summary: "你必须先更改密码才能登录。",
      nextStep: "请在其他设备或公司门户上更改密码，然后重试。",
    },
    "DIR-775": {
      summary: "你的账户已被锁定。",
      nextStep: "请等待账户解锁或联系 IT 支持，然后重试。",
    },
    "DIR-320": {
      summary: "Baton 无法确认你登录所用的账户。",
      nextStep: "请联系 IT 支持并提供支持代码。",
    },
    "UEM-OFFLINE": {
      summary: "Baton 无法连接到 Workspace ONE UEM。",
      nextStep: "请检查网络连接，然后重试。",
    },
    "UEM-DEVICE-NOT-FOUND": {
      summary: "在 Workspace ONE UEM 中找不到这台 Mac。",
      nextStep: "请确认这台 Mac 已完成注册，然后重试，或联系 IT。",
    },
    "UEM-USER-NOT-FOUND": {
      summary: "在 Workspace ONE UEM 中找不到你的账户。",
      nextStep: "请检查用户名，或请 IT 将你的账户添加到 UEM。",
    },
    "UEM-USER-MISMATCH": {
      summary: "无法将你的 Workspace ONE UEM 账户与你的目录账户对应。",
      nextStep: "请联系 IT 支持并提供支持代码；你的 UEM 账户必须是使用你的电子邮件地址的有效目录账户。",
    },
    "UEM-SWITCH-UNKNOWN": {
      summary: "无法确定这台 Mac 是否已分配给你。",
      nextStep: "请重新启动 Baton；它会先在 UEM 中检查这台 Mac 的状态，然后再执行任何操作。",
    },
    "MACPW-EMPTY": {
      summary: "未输入 Mac 密码。",
      nextStep: "请输入你用于解锁这台 Mac 的密码。",
    },
    "MACPW-WRONG": {
      summary: "这不是这台 Mac 的密码。",
      nextStep: "请输入你用于解锁这台 Mac 的密码，或选择“跳过”。",
    },
    "RELAY-UNREACHABLE": {
      summary: "无法连接交接服务。",
      nextStep: "请检查网络连接，然后重试。",
    },
    "RELAY-TLS": {
      summary: "无法与交接服务建立安全连接。",
      nextStep: "请联系 IT 部门并提供支持代码。",
    },
    "RELAY-IDENTITY": {
      summary: "此 Mac 缺少用于交接服务的证书。",
      nextStep: "请联系 IT 部门并提供支持代码。",
    },
    "RELAY-UNKNOWN-DEVICE": {
      summary: "交接服务无法识别此 Mac。",
      nextStep: "请联系 IT 部门并提供支持代码。",
    },
    "RELAY-FORBIDDEN": {
      summary: "交接服务不允许在此执行此操作。",
      nextStep: "请联系 IT 部门并提供支持代码。",
    },
    "RELAY-BAD-REQUEST": {
      summary: "交接服务无法处理此请求。",
      nextStep: "请联系 IT 部门并提供支持代码。",
    },
    "RELAY-BUSY": {
      summary: "交接服务繁忙。",
      nextStep: "请稍候，Baton 会自动重试。",
    },
    "RELAY-ERROR": {
      summary: "交接服务报告了一个错误。",
      nextStep: "请等待几分钟，然后重试。",
    },
  },
};

export default catalogue;
