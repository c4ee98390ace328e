import { count } from "drizzle-orm";
import type { DB } from "@/db/client";
import { taskCatalogue } from "@/db/schema";
import { DEFAULT_SCAN_LIMITS, scanTaskYamls } from "@/lib/lmms-eval/tasks";
import { InvalidInputError } from "@/lib/services/errors";

/** A run's own include path is scanned while the user waits for the form's answer: a shorter time limit. */
const RUN_INCLUDE_SCAN_LIMITS = { ...DEFAULT_SCAN_LIMITS, timeoutMs: 10_000 };

/** fnmatch as lmms-eval applies it to `--tasks` items (docs/LMMS-EVAL-BEHAVIOUR.md §flags): `*`, `?`, `[...]`. */
export function fnmatchToRegExp(pattern: string): RegExp {
  let out = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "*") out += ".*";
    else if (ch === "?") out += ".";
    else if (ch === "[") {
      const close = pattern.indexOf("]", i + 1);
      if (close < 0) out += "\\[";
      else {
        const body = pattern.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
        out += `[${body}]`;
        i = close;
      }
    } else out += ch.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${out}$`);
}

/**
 * Names (or globs) that match nothing in the catalogue or in the run's own include path. With an empty catalogue
 * (lmms-eval not found yet) nothing can be checked and every name passes: the run then fails with lmms-eval's reason.
 */
export function countCatalogueEntries(db: DB): number {
  return db.select({ n: count() }).from(taskCatalogue).get()?.n ?? 0;
}

export async function checkTaskNames(db: DB, tasks: string[], includePath?: string): Promise<string[]> {
  if (countCatalogueEntries(db) === 0) return [];
  const known = new Set(db.select({ name: taskCatalogue.name }).from(taskCatalogue).all().map((r) => r.name));
  if (includePath) {
    const scan = await scanTaskYamls([{ dir: includePath, source: "include" }], RUN_INCLUDE_SCAN_LIMITS);
    if (scan.incomplete) {
      const message = `The include path ${includePath} could not be checked: ${scan.incomplete}. Point it at a folder of task YAMLs.`;
      throw new InvalidInputError(message, { includePath: [message] });
    }
    for (const entry of scan.entries) known.add(entry.name);
  }
  return tasks.filter((task) => {
    if (known.has(task)) return false;
    if (!/[*?[]/.test(task)) return true;
    const re = fnmatchToRegExp(task);
    for (const name of known) if (re.test(name)) return false;
    return true;
  });
}
