import { defineMessages } from "../catalog.js";

/** What the Telegram adapter itself shows: command menu descriptions and its own fallbacks. */
export const telegramMessages = defineMessages(
  {
    "command.help": "查看机器人功能和可用命令",
    "command.bind": "用邀请码绑定身份：/bind 邀请码",
    "command.tasks": "查看本单位的任务和待报送事项",
    "command.report": "开始报送：/report 任务编号",
    "command.status": "查看本期报送情况和进度",
    "command.summary": "生成并发布简报（召集人、办公室）",
    "command.chase": "催报未报送单位（召集人、办公室）",
    "form.guided": "Telegram 不支持表单，请按步骤填写：{title}",
    "button.expired": "按钮已过期，请重新发送命令",
  },
  {
    "command.help": "What the bot does and your commands",
    "command.bind": "Bind your identity: /bind CODE",
    "command.tasks": "Your units' tasks and what is due",
    "command.report": "Start a report: /report TASK",
    "command.status": "Current period status and progress",
    "command.summary": "Build and post the digest (convenor, office)",
    "command.chase": "Chase missing units (convenor, office)",
    "form.guided": "Telegram has no forms; answer step by step: {title}",
    "button.expired": "This button has expired; send the command again",
  },
);
