export type TaskTableParse = { ok: true; names: string[] } | { ok: false; error: string };

const ANSI_ESCAPE = /\x1b\[[0-9;]*[A-Za-z]/g;
/** pytablewriter's rule under the header: `|------|:----:|`. */
const RULE = /^\|(?:\s*:?-+:?\s*\|)+$/;

function cells(line: string): string[] | null {
  const trimmed = line.trim();
  if (!trimmed.startsWith("|") || !trimmed.endsWith("|") || trimmed.length < 2) return null;
  return trimmed
    .slice(1, -1)
    .split("|")
    .map((cell) => cell.trim());
}

/**
 * The first column of the Markdown table that `lmms-eval tasks groups` (`Group | Config Location`), `tasks tags`
 * (`Tag`) or `tasks subtasks` (`Task | Config Location | Output Type`) prints (docs/LMMS-EVAL-BEHAVIOUR.md §subcommands: pytablewriter, headers
 * centred, cells left-aligned, printed between blank lines). Log noise around the table is skipped. Empty output is
 * an empty table: pytablewriter may print nothing at all when there are no rows.
 */
export function parseTaskTable(stdout: string, firstHeader: "Group" | "Tag" | "Task"): TaskTableParse {
  const lines = stdout.replace(ANSI_ESCAPE, "").split(/\r?\n/);
  if (lines.every((line) => line.trim() === "")) return { ok: true, names: [] };
  const headerIndex = lines.findIndex((line) => cells(line)?.[0] === firstHeader);
  if (headerIndex < 0 || !RULE.test(lines[headerIndex + 1]?.trim() ?? "")) {
    return { ok: false, error: `the output has no '| ${firstHeader} |' Markdown table` };
  }
  const names: string[] = [];
  for (const line of lines.slice(headerIndex + 2)) {
    const row = cells(line);
    if (!row) break;
    if (row[0] !== "" && !names.includes(row[0])) names.push(row[0]);
  }
  return { ok: true, names };
}
