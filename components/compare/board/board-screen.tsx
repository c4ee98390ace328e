import { Card } from "@/components/ui/card";
import { representativeRuns } from "@/lib/compare-view/board-model";
import type { BoardView } from "@/lib/compare-view/board-url";
import type { Board } from "@/lib/services/compare/board";
import { BoardFilters } from "./board-filters";
import { BoardLegend } from "./board-legend";
import { BoardTable } from "./board-table";
import { BoardToolbar } from "./board-toolbar";
import { ChosenRunsNote } from "./chosen-runs-note";

/** The board with its toolbar and legend; `basePath` is where its URL state lives ("/" on the home page). */
export function BoardScreen({ board, view, basePath }: { board: Board; view: BoardView; basePath: string }) {
  const exportable = { columns: board.columns, rows: board.rows, baseline: board.baseline, test: board.test, mode: view.mode, columnWarnings: board.columnWarnings };
  // A baseline the service did not recognise (e.g. a row key from the other row layout) is ignored; say so.
  const staleBaseline = view.baseline !== null && board.baseline === null;
  // "Chosen runs" starts from the run behind each row on screen.
  const seedRuns = view.mode === "runs" ? view.runs : representativeRuns(board);
  return (
    <Card className="overflow-hidden">
      <BoardToolbar key={view.q} view={{ ...view, baseline: board.baseline }} basePath={basePath} allColumns={board.allColumns} exportable={exportable} seedRuns={seedRuns} />
      <BoardFilters filters={board.filters} view={view} basePath={basePath} />
      {view.mode === "runs" ? <ChosenRunsNote chosenRuns={board.chosenRuns} view={view} basePath={basePath} /> : null}
      {staleBaseline ? (
        <p role="status" className="border-b border-amber-200 bg-amber-50 px-4 py-2 text-xs text-amber-800 dark:border-amber-900 dark:bg-amber-950/40 dark:text-amber-300">
          The pinned baseline is not a row of this board any more; pin another row.
        </p>
      ) : null}
      <BoardTable board={board} view={{ ...view, baseline: board.baseline }} basePath={basePath} />
      <BoardLegend test={board.test} hasBaseline={board.baseline !== null} hasVersionWarnings={board.columns.some((c) => board.columnWarnings[c.key]?.length)} />
    </Card>
  );
}
