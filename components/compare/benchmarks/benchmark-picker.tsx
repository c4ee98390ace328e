import { buttonClasses } from "@/components/ui/button";
import { chooserGroups } from "@/lib/compare-view/board-model";
import type { BenchmarksView } from "@/lib/compare-view/compare-url";
import { benchmarkLabel } from "@/lib/compare-view/format";
import type { BoardColumn } from "@/lib/services/compare/board";

/** Two benchmarks and the row layout: a GET form, so the choice is a URL. */
export function BenchmarkPicker({ columns, view }: { columns: BoardColumn[]; view: BenchmarksView }) {
  const groups = chooserGroups(columns);
  const select = "h-9 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  const options = groups.map((g) => (
    <optgroup key={g.label} label={g.label}>
      {g.columns.map((c) => (
        <option key={c.key} value={c.key}>
          {benchmarkLabel(c)}
        </option>
      ))}
    </optgroup>
  ));
  return (
    <form method="get" action="/compare/benchmarks" className="grid gap-3 px-4 py-3 md:grid-cols-[1fr_1fr_10rem_auto] md:items-end">
      <label className="space-y-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <span>Benchmark A (x axis)</span>
        <select name="a" defaultValue={view.a || columns[0]?.key} className={select}>
          {options}
        </select>
      </label>
      <label className="space-y-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <span>Benchmark B (y axis)</span>
        <select name="b" defaultValue={view.b || columns[1]?.key} className={select}>
          {options}
        </select>
      </label>
      <label className="space-y-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <span>One point per</span>
        <select name="rows" defaultValue={view.rows} className={select}>
          <option value="version">model version</option>
          <option value="model">model</option>
        </select>
      </label>
      <button type="submit" className={buttonClasses("primary")}>
        Correlate
      </button>
    </form>
  );
}
