/**
 * The app's own time to ready, read from a `zhuanban start` process's output: the "zhuanban ready"
 * log line's `readyMs` (LOG_LEVEL info), or the line the terminal shows in Chinese
 * (`专班机器人已启动（…；用时 1.0 秒）`). null until one of them has been printed.
 */
export function readyMsIn(output: string): number | null {
  const logged = /"readyMs":(\d+)/.exec(output);
  if (logged) return Number(logged[1]);
  const shown = /已启动（[^）]*用时 ([\d.]+) 秒）/.exec(output);
  return shown ? Math.round(Number(shown[1]) * 1000) : null;
}
