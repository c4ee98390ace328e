export type TasksListParse =
  | { ok: true; names: string[]; declaredCount: number }
  | { ok: false; error: string };

const ANSI_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;
const HEADER = /^Available tasks \((\d+)\):$/;
/** Exactly two spaces, then one name; loguru lines start with a timestamp and never match. */
const NAME_LINE = /^ {2}(\S+)$/;

/**
 * Reads `lmms-eval tasks list` stdout (docs/LMMS-EVAL-BEHAVIOUR.md §subcommands): `Available tasks (N):`, a blank line, then `  <name>` per
 * line. Anything else (loguru records, banners, ANSI colour) is skipped. `declaredCount` is the N of the header so a
 * caller can notice truncated output.
 */
export function parseTasksList(stdout: string): TasksListParse {
  const lines = stdout.replace(ANSI_ESCAPE, "").split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => HEADER.test(line.trim()));
  if (headerIndex < 0) return { ok: false, error: "the output has no 'Available tasks (N):' line" };
  const declaredCount = Number(HEADER.exec(lines[headerIndex].trim())?.[1]);
  const names = new Set<string>();
  for (const line of lines.slice(headerIndex + 1)) {
    const match = NAME_LINE.exec(line.trimEnd());
    if (match) names.add(match[1]);
  }
  return { ok: true, names: [...names], declaredCount };
}
