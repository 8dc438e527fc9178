import { defineMessages } from "../catalog.js";

/** What the Slack adapter itself shows: modal chrome, its own fallbacks and the command's hint. */
export const slackMessages = defineMessages(
  {
    "modal.close": "取消",
    "modal.done": "关闭",
    "modal.number.placeholder": "数值，可带单位：{unit}",
    "modal.number.placeholderNoUnit": "数值",
    "form.expired": "表单没能打开（Slack 的触发已过期），请点下面的按钮重新打开。",
    "submit.pending": "已收到提交，正在保存，结果稍后发给您。",
    "error.unavailable": "抱歉，数据库暂时无法使用，您的消息没有保存。请稍后再发一次。",
  },
  {
    "modal.close": "Cancel",
    "modal.done": "Close",
    "modal.number.placeholder": "A number, a unit is allowed: {unit}",
    "modal.number.placeholderNoUnit": "A number",
    "form.expired": "The form could not open (Slack's trigger expired); press the button below to open it again.",
    "submit.pending": "Submission received and being saved; the result follows shortly.",
    "error.unavailable":
      "Sorry, the database is unavailable right now and your message was not saved. Please send it again later.",
  },
);
