import path from "node:path";
import type { DbOrTx } from "@/db/client";
import { taskCatalogue } from "@/db/schema";
import { InvalidInputError } from "@/lib/services/errors";
import { fnmatchToRegExp } from "./check-task-names";
import { decodeCatalogueSource } from "./catalogue-source";

type Row = { name: string; kind: string; yamlPath: string | null; members: string[]; includePath: string | null };

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
}

/**
 * The `--include_path` a run needs for its tasks. lmms-eval reads a single include path per run (docs/LMMS-EVAL-BEHAVIOUR.md §flags:
 * `--include_path` is one string), and tasks from a configured include folder (LMMS_EVAL_INCLUDE_PATHS) are only
 * found when the run passes that folder. So:
 * - no include path given: the one folder the selected tasks (names or globs) come from, or undefined for built-ins;
 * - an include path given: kept, as long as every include-folder task selected lives inside it (checkRunPaths then
 *   requires it to be an include folder or inside one);
 * - tasks from two folders cannot run together: an InvalidInputError says to launch them separately.
 * Call it before checking the task names and before building the command, and store what it returns.
 */
export function resolveRunIncludePath(db: DbOrTx, { tasks, includePath }: { tasks: string[]; includePath?: string }): string | undefined {
  const rows: Row[] = db
    .select({ name: taskCatalogue.name, kind: taskCatalogue.kind, yamlPath: taskCatalogue.yamlPath, members: taskCatalogue.members, source: taskCatalogue.source })
    .from(taskCatalogue)
    .all()
    .map(({ source, ...row }) => ({ ...row, includePath: decodeCatalogueSource(source).includePath }));
  const byName = new Map(rows.map((row) => [row.name, row]));

  // Which include-folder entries each selected name or glob stands for.
  const needed: Array<{ task: string; row: Row }> = [];
  for (const task of tasks) {
    const exact = byName.get(task);
    const matches = exact ? [exact] : /[*?[]/.test(task) ? rows.filter((row) => fnmatchToRegExp(task).test(row.name)) : [];
    for (const row of matches) if (row.includePath) needed.push({ task, row });
  }
  if (needed.length === 0) return includePath;

  if (includePath !== undefined) {
    const given = path.resolve(includePath);
    // A tag has no file of its own: it is found when one of its tasks is.
    const files = (row: Row) => (row.yamlPath ? [row.yamlPath] : row.members.map((m) => byName.get(m)?.yamlPath).filter((f): f is string => !!f));
    const outside = needed.filter(({ row }) => !files(row).some((file) => isInside(file, given)));
    if (outside.length === 0) return includePath;
    const names = [...new Set(outside.map(({ task }) => task))];
    const folder = outside[0].row.includePath;
    const message = `${names.join(", ")} ${names.length > 1 ? "come" : "comes"} from the include folder ${folder}, but this run's include path is ${includePath}. lmms-eval reads one include path per run: clear the include path, or launch these tasks in a separate run.`;
    throw new InvalidInputError(message, { includePath: [message] });
  }

  const byFolder = new Map<string, Set<string>>();
  for (const { task, row } of needed) byFolder.set(row.includePath!, (byFolder.get(row.includePath!) ?? new Set()).add(task));
  if (byFolder.size === 1) return [...byFolder.keys()][0];
  const parts = [...byFolder].map(([folder, names]) => `${[...names].join(", ")} (${folder})`);
  const message = `The selected tasks come from ${byFolder.size} include folders: ${parts.join("; ")}. lmms-eval reads one include path per run: launch them as separate runs.`;
  throw new InvalidInputError(message, { tasks: [message] });
}
