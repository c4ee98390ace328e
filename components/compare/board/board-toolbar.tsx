"use client";

import { Search, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition, type FormEvent } from "react";
import { cn } from "@/components/ui/cn";
import { boardHref, withChosenRuns, withMode, type BoardView } from "@/lib/compare-view/board-url";
import type { BoardExport } from "@/lib/compare-view/export";
import type { BoardColumn } from "@/lib/services/compare/board";
import { Segmented } from "../segmented";
import { ColumnChooser } from "./column-chooser";
import { ExportMenu } from "./export-menu";

/** Every control changes the URL; the server renders the board for it. `seedRuns`: what "Chosen runs" starts from. */
export function BoardToolbar({ view, basePath, allColumns, exportable, seedRuns }: { view: BoardView; basePath: string; allColumns: BoardColumn[]; exportable: BoardExport; seedRuns: number[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [q, setQ] = useState(view.q);
  const go = (next: BoardView) => startTransition(() => router.push(boardHref(basePath, next), { scroll: false }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ ...view, q: q.trim() });
  };

  return (
    <div className="flex flex-wrap items-center gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800" aria-busy={pending}>
      <Segmented
        label="Rows"
        value={view.rows}
        options={[
          // Row keys differ between the two layouts, so a baseline does not survive the switch.
          { value: "version", label: "Versions", href: boardHref(basePath, { ...view, rows: "version", baseline: null }), title: "One row per model version" },
          { value: "model", label: "Models", href: boardHref(basePath, { ...view, rows: "model", baseline: null }), title: "One row per model (its versions pooled)" },
        ]}
      />
      <Segmented
        label="Which run"
        value={view.mode}
        options={[
          { value: "latest", label: "Latest", href: boardHref(basePath, withMode(view, "latest")), title: "The most recent run per benchmark" },
          { value: "best", label: "Best", href: boardHref(basePath, withMode(view, "best")), title: "The best-scoring run per benchmark (optimistic: it picks the maximum)" },
          {
            value: "runs",
            label: "Chosen runs",
            href: boardHref(basePath, withChosenRuns(view, seedRuns)),
            title: "One run per row, the one you choose: every cell of a row comes from that run (pick it in the row)",
          },
        ]}
      />
      <ColumnChooser key={view.columns.join(",")} allColumns={allColumns} view={view} basePath={basePath} />
      <label className={cn("flex h-8 cursor-pointer items-center gap-2 rounded-md px-2 text-xs font-medium text-zinc-700 hover:bg-zinc-100 dark:text-zinc-300 dark:hover:bg-zinc-800")}>
        <input type="checkbox" checked={view.requireAll} onChange={(e) => go({ ...view, requireAll: e.target.checked })} className="h-3.5 w-3.5 accent-accent-600" />
        Only rows with every benchmark
      </label>
      <form role="search" aria-label="Filter rows" onSubmit={submit} className="ml-auto flex items-center gap-1">
        <label className="relative">
          <span className="sr-only">Search rows</span>
          <Search size={13} aria-hidden className="absolute left-2.5 top-1/2 -translate-y-1/2 text-zinc-400" />
          <input
            name="q"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            placeholder="Filter models…"
            autoComplete="off"
            className="h-8 w-48 rounded-md border border-zinc-300 bg-white pl-8 pr-2 text-sm focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/30 dark:border-zinc-700 dark:bg-zinc-900"
          />
        </label>
        {view.q ? (
          <Link href={boardHref(basePath, { ...view, q: "" })} scroll={false} aria-label="Clear the search" className="flex h-8 w-8 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800">
            <X size={13} aria-hidden />
          </Link>
        ) : null}
      </form>
      <ExportMenu board={exportable} />
    </div>
  );
}
