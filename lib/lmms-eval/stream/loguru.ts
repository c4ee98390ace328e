export type LoguruRecord = {
  time: string;
  level: string;
  module: string;
  fn: string;
  line: number;
  message: string;
};

// `YYYY-MM-DD HH:mm:ss | LEVEL    | module:function:line - message` (docs/LMMS-EVAL-BEHAVIOUR.md §streams). Continuation lines of a
// multi-line message carry no prefix and do not match.
const LOGURU_LINE = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d+)?) \| ([A-Z]+) *\| ([^:\s]+):([^:\s]+):(\d+) - (.*)$/;

/** Parses one ANSI-stripped stdout line. */
export function parseLoguruLine(plain: string): LoguruRecord | null {
  const match = LOGURU_LINE.exec(plain);
  if (!match) return null;
  const [, time, level, module, fn, line, message] = match;
  return { time, level, module, fn, line: Number(line), message };
}
