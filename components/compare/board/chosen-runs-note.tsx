import Link from "next/link";
import { boardHref, withChosenRuns, type BoardView } from "@/lib/compare-view/board-url";
import type { ChosenRun } from "@/lib/services/compare/board";

function why(run: ChosenRun): string {
  const row = run.rowLabel ? ` (${run.rowLabel})` : "";
  if (run.status === "replaced") return `Run #${run.runId}${row} is not shown: run #${run.replacedBy}, named after it, is that row's run.`;
  if (run.status === "hidden") return `Run #${run.runId}${row} is hidden by the filters, or has no score on the benchmarks shown.`;
  // Deliberately one phrase for missing, unfinished and not-visible runs: a run you may not see is "not found".
  return `Run #${run.runId} is not shown: not found, or without results.`;
}

/** Mode "chosen runs": what became of each named run that is not on the board, so a link never drops one silently. */
export function ChosenRunsNote({ chosenRuns, view, basePath }: { chosenRuns: ChosenRun[]; view: BoardView; basePath: string }) {
  const missing = chosenRuns.filter((r) => r.status !== "shown");
  const shown = chosenRuns.length - missing.length;
  return (
    <div role="status" data-testid="chosen-runs-note" className="space-y-1 border-b border-zinc-200 px-4 py-2 text-xs text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
      <p>
        {chosenRuns.length === 0
          ? "No run chosen yet: switch to Latest, tick rows and choose “Show only their runs”, or link here with ?runs=<id>,<id>."
          : `Each row shows one run, the one chosen for it (${shown} of ${chosenRuns.length} named ${chosenRuns.length === 1 ? "run" : "runs"} shown). Pick another run in a row to swap it.`}
      </p>
      {missing.length ? (
        <ul className="space-y-0.5 text-amber-800 dark:text-amber-300">
          {missing.map((run) => (
            <li key={run.runId} data-testid="chosen-run-issue">
              {why(run)}{" "}
              <Link href={boardHref(basePath, withChosenRuns(view, view.runs.filter((id) => id !== run.runId)))} scroll={false} className="font-medium underline">
                Drop it from the list
              </Link>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
