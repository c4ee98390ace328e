"use client";

import { Columns3, Search } from "lucide-react";
import { useRouter } from "next/navigation";
import { useId, useMemo, useRef, useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { chooserGroups } from "@/lib/compare-view/board-model";
import { boardHref, withColumns, type BoardView } from "@/lib/compare-view/board-url";
import { benchmarkLabel, metricLabel } from "@/lib/compare-view/format";
import type { BoardColumn } from "@/lib/services/compare/board";
import { useDismiss } from "@/components/ui/use-dismiss";

/** Choose the board's benchmark columns, grouped by lmms-eval group; applied to the URL in one go. */
export function ColumnChooser({ allColumns, view, basePath }: { allColumns: BoardColumn[]; view: BoardView; basePath: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [open, setOpen] = useState(false);
  const [filter, setFilter] = useState("");
  const current = view.columns.length ? view.columns : allColumns.map((c) => c.key);
  const [chosen, setChosen] = useState<string[]>(current);
  const wrapper = useRef<HTMLDivElement>(null);
  const panelId = useId();

  useDismiss(open, wrapper, () => setOpen(false));

  const groups = useMemo(() => {
    const needle = filter.trim().toLowerCase();
    return chooserGroups(allColumns)
      .map((g) => ({ ...g, columns: needle ? g.columns.filter((c) => `${g.label} ${benchmarkLabel(c)}`.toLowerCase().includes(needle)) : g.columns }))
      .filter((g) => g.columns.length > 0);
  }, [allColumns, filter]);

  const all = allColumns.map((c) => c.key);
  const setMany = (keys: string[], on: boolean) => setChosen((s) => (on ? [...new Set([...s, ...keys])] : s.filter((k) => !keys.includes(k))));
  const apply = () => {
    setOpen(false);
    startTransition(() => router.push(boardHref(basePath, withColumns(view, chosen, all)), { scroll: false }));
  };

  return (
    <div className="relative" ref={wrapper}>
      <Button
        variant="secondary"
        size="sm"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => {
          if (!open) setChosen(current);
          setOpen((v) => !v);
        }}
        disabled={pending}
      >
        <Columns3 size={13} aria-hidden /> Benchmarks
        <span className="tabular-nums text-zinc-500">
          {current.length}/{all.length}
        </span>
      </Button>
      {open ? (
        <div
          id={panelId}
          role="dialog"
          aria-label="Choose benchmarks"
          className="absolute left-0 top-full z-40 mt-1 flex max-h-[28rem] w-[26rem] max-w-[calc(100vw-2rem)] flex-col rounded-lg border border-zinc-200 bg-white shadow-xl dark:border-zinc-700 dark:bg-zinc-900"
        >
          <div className="border-b border-zinc-200 p-2 dark:border-zinc-800">
            <label className="relative block">
              <span className="sr-only">Filter benchmarks</span>
              <Search size={13} aria-hidden className="absolute left-2.5 top-1/2 -translate-y-1/2 text-zinc-400" />
              <input
                autoFocus
                value={filter}
                onChange={(e) => setFilter(e.target.value)}
                placeholder="Filter by task, metric or group"
                className="h-8 w-full rounded-md border border-zinc-300 bg-white pl-8 pr-2 text-sm focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/30 dark:border-zinc-700 dark:bg-zinc-950"
              />
            </label>
          </div>
          <div className="min-h-0 flex-1 overflow-y-auto p-2">
            {groups.length === 0 ? <p className="px-2 py-4 text-center text-xs text-zinc-500">No benchmark matches.</p> : null}
            {groups.map((group) => {
              const keys = group.columns.map((c) => c.key);
              const on = keys.filter((k) => chosen.includes(k)).length;
              return (
                <fieldset key={group.label} className="mb-2">
                  <legend className="flex w-full items-center justify-between px-1 py-1">
                    <span className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500">
                      {group.label} <span className="font-normal tabular-nums">({on}/{keys.length})</span>
                    </span>
                  </legend>
                  <div className="mb-1 flex gap-2 px-1 text-[11px]">
                    <button type="button" className="text-accent-600 hover:underline dark:text-accent-500" onClick={() => setMany(keys, true)}>
                      all
                    </button>
                    <button type="button" className="text-accent-600 hover:underline dark:text-accent-500" onClick={() => setMany(keys, false)}>
                      none
                    </button>
                  </div>
                  {group.columns.map((c) => (
                    <label key={c.key} className={cn("flex cursor-pointer items-center gap-2 rounded px-1.5 py-1 text-sm hover:bg-zinc-100 dark:hover:bg-zinc-800")}>
                      <input type="checkbox" checked={chosen.includes(c.key)} onChange={(e) => setMany([c.key], e.target.checked)} className="h-3.5 w-3.5 accent-accent-600" />
                      <span className="min-w-0 truncate">
                        <span className="font-medium">{c.task}</span> <span className="text-xs text-zinc-500">{metricLabel(c)}</span>
                      </span>
                    </label>
                  ))}
                </fieldset>
              );
            })}
          </div>
          <div className="flex items-center justify-between gap-2 border-t border-zinc-200 p-2 dark:border-zinc-800">
            <div className="flex gap-2 text-xs">
              <button type="button" className="text-accent-600 hover:underline dark:text-accent-500" onClick={() => setChosen(all)}>
                Select all
              </button>
              <button type="button" className="text-accent-600 hover:underline dark:text-accent-500" onClick={() => setChosen([])}>
                Clear
              </button>
            </div>
            <div className="flex items-center gap-2">
              <span className="text-xs tabular-nums text-zinc-500">{chosen.length} chosen</span>
              <Button size="sm" onClick={apply} disabled={chosen.length === 0}>
                Apply
              </Button>
            </div>
          </div>
        </div>
      ) : null}
    </div>
  );
}
