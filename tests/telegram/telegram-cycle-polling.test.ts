import { describeFullCycle } from "./full-cycle.js";

// Reminder -> guided report -> /status -> group digest, with Telegram in polling mode.
describeFullCycle("polling");
