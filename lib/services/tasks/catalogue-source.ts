import type { TaskSource } from "@/lib/lmms-eval/tasks";

/**
 * Where a catalogue entry comes from, as stored in `task_catalogue.source`: `builtin`, or `include:<folder>` for a
 * configured include folder (LMMS_EVAL_INCLUDE_PATHS). The folder is kept because a run needs it as its one
 * `--include_path` (docs/LMMS-EVAL-BEHAVIOUR.md §flags) to find the task.
 */
export type CatalogueSource = { source: TaskSource; includePath: string | null };

const INCLUDE_PREFIX = "include:";

export function encodeCatalogueSource(entry: { source: TaskSource; root: string }): string {
  return entry.source === "include" ? `${INCLUDE_PREFIX}${entry.root}` : "builtin";
}

export function decodeCatalogueSource(stored: string): CatalogueSource {
  if (stored.startsWith(INCLUDE_PREFIX)) return { source: "include", includePath: stored.slice(INCLUDE_PREFIX.length) || null };
  // "include" without a folder: written before include folders were recorded.
  return stored === "include" ? { source: "include", includePath: null } : { source: "builtin", includePath: null };
}
