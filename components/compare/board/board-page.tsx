import Link from "next/link";
import type { BoardView } from "@/lib/compare-view/board-url";
import { boardHref } from "@/lib/compare-view/board-url";
import type { Board } from "@/lib/services/compare/board";
import { BoardScreen } from "./board-screen";

/**
 * The board, or why it has no column: a URL naming benchmarks that no longer exist, or tasks (a batch's) without
 * results yet. With chosen runs the board itself explains what became of each run.
 */
export function BoardPageBody({ board, view, basePath }: { board: Board; view: BoardView; basePath: string }) {
  if (view.mode !== "runs" && (view.columns.length > 0 || view.tasks.length > 0) && board.columns.length === 0) {
    const byTask = view.tasks.length > 0 && board.filters.tasks.every((t) => t.columns === 0);
    return (
      <p role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-800 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-300">
        {byTask ? `No results for ${view.tasks.join(", ")} yet (a batch still running shows them as its runs finish).` : "None of the benchmarks in this link has results any more."}{" "}
        <Link href={boardHref(basePath, { ...view, columns: [], tasks: [], sort: null })} className="font-medium underline">
          Show every benchmark
        </Link>
        .
      </p>
    );
  }
  return <BoardScreen board={board} view={view} basePath={basePath} />;
}
