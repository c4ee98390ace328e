/** What a result side by side with others was produced by: lmms-eval's version of the task, and lmms-eval itself. */
export type ResultVersions = { taskVersion: string | null; lmmsEvalVersion: string | null };

/**
 * Why results shown together may not be comparable: lmms-eval bumps a task's version when its prompt, data or scoring
 * changes, and a new lmms-eval can change a task without bumping it. Versions are named in the order first seen; an
 * unreported one counts as its own value ("?" / "unknown"), since it may be either.
 */
export function versionWarnings(results: Iterable<ResultVersions>): string[] {
  const taskVersions = new Set<string>();
  const lmmsVersions = new Set<string>();
  for (const r of results) {
    taskVersions.add(r.taskVersion ?? "?");
    lmmsVersions.add(r.lmmsEvalVersion ?? "unknown");
  }
  const warnings: string[] = [];
  if (taskVersions.size > 1) warnings.push(`different task versions (${[...taskVersions].join(" vs ")})`);
  if (lmmsVersions.size > 1) warnings.push(`different lmms-eval versions (${[...lmmsVersions].join(" vs ")})`);
  return warnings;
}
