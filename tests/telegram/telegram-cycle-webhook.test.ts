import { describeFullCycle } from "./full-cycle.js";

// Reminder -> guided report -> /status -> group digest, with Telegram in webhook mode.
describeFullCycle("webhook");
