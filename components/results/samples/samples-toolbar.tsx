"use client";

import { Download, LoaderCircle, Search, X } from "lucide-react";
import { useId, type FormEvent } from "react";
import { Button, buttonClasses } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Input, Select } from "@/components/ui/field";
import { COMMENT_LABELS } from "@/lib/comments-view/rules";
import { formatCount } from "@/lib/number-format";
import { exportHref, showModeOf, showModePatch, type ShowMode } from "@/lib/results-view/samples-url";
import { useSamplesNavigation } from "./samples-navigation";
import type { SamplesTaskOption } from "./types";

export const SEARCH_INPUT_ID = "samples-search";

/** Task, right/wrong/failed, category, full-text search, jump to a doc_id, and downloads of the filtered view. */
export function SamplesToolbar({
  runId,
  task,
  tasks,
  categories,
  labelCounts,
}: {
  runId: number;
  task: SamplesTaskOption;
  tasks: SamplesTaskOption[];
  categories: Array<{ category: string; n: number }>;
  /** Samples of this task per comment label; the filter shows only once someone has labelled something. */
  labelCounts: Array<{ label: string; n: number }>;
}) {
  const { view, navigate, pending } = useSamplesNavigation();
  const taskId = useId();
  const categoryId = useId();
  const docId = useId();
  const labelId = useId();
  const mode = showModeOf(view);
  const modes: Array<{ mode: ShowMode; label: string; count: number | null }> = [
    { mode: "all", label: "All", count: task.sampleCount },
    { mode: "correct", label: "Correct", count: task.correctCount },
    { mode: "incorrect", label: "Incorrect", count: task.incorrectCount },
    { mode: "failed", label: "Failed requests", count: task.requestFailedCount },
  ];

  const onSearch = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const q = String(new FormData(e.currentTarget).get("q") ?? "").trim();
    navigate({ q: q || null });
  };
  const onJump = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const raw = String(new FormData(e.currentTarget).get("doc") ?? "").trim();
    navigate({ doc: /^\d+$/.test(raw) ? Number(raw) : null });
  };

  return (
    <div className="space-y-2.5 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <div className="flex items-center gap-2">
          <label htmlFor={taskId} className="text-xs font-medium text-zinc-500">
            Task
          </label>
          <Select id={taskId} value={task.task} onChange={(e) => navigate({ task: e.target.value })} className="h-8 w-auto min-w-36 py-0">
            {tasks.map((t) => (
              <option key={t.task} value={t.task}>
                {t.label} ({formatCount(t.sampleCount)})
              </option>
            ))}
          </Select>
        </div>

        <div role="radiogroup" aria-label="Show" className="inline-flex rounded-md border border-zinc-300 p-0.5 dark:border-zinc-700">
          {modes.map((m) => (
            <button
              key={m.mode}
              type="button"
              role="radio"
              aria-checked={mode === m.mode}
              onClick={() => navigate(showModePatch(m.mode))}
              disabled={m.mode === "failed" && m.count === 0 && mode !== "failed"}
              className={cn(
                "rounded px-2.5 py-1 text-xs font-medium transition-colors disabled:cursor-not-allowed disabled:opacity-40",
                mode === m.mode ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 hover:bg-zinc-100 dark:text-zinc-400 dark:hover:bg-zinc-800",
              )}
            >
              {m.label}
              {m.count !== null ? <span className={cn("ml-1 tabular-nums", mode === m.mode ? "opacity-70" : "text-zinc-400")}>{formatCount(m.count)}</span> : null}
            </button>
          ))}
        </div>

        {categories.length ? (
          <div className="flex items-center gap-2">
            <label htmlFor={categoryId} className="text-xs font-medium text-zinc-500">
              Category
            </label>
            <Select id={categoryId} value={view.category ?? ""} onChange={(e) => navigate({ category: e.target.value || null })} className="h-8 w-auto min-w-36 py-0">
              <option value="">All categories</option>
              {categories.map((c) => (
                <option key={c.category} value={c.category}>
                  {c.category} ({formatCount(c.n)})
                </option>
              ))}
            </Select>
          </div>
        ) : null}

        {labelCounts.length || view.label ? (
          <div className="flex items-center gap-2">
            <label htmlFor={labelId} className="text-xs font-medium text-zinc-500">
              Labelled
            </label>
            <Select
              id={labelId}
              value={view.label ?? ""}
              onChange={(e) => navigate({ label: (COMMENT_LABELS.find((l) => l === e.target.value) ?? null) })}
              className="h-8 w-auto min-w-36 py-0"
            >
              <option value="">Any (or none)</option>
              {COMMENT_LABELS.map((label) => {
                const n = labelCounts.find((c) => c.label === label)?.n ?? 0;
                return (
                  <option key={label} value={label}>
                    {label} ({formatCount(n)})
                  </option>
                );
              })}
            </Select>
          </div>
        ) : null}

        <div className="ml-auto flex items-center gap-1.5">
          {pending ? <LoaderCircle size={14} aria-label="Loading" className="animate-spin text-zinc-400" /> : null}
          <span className="text-xs text-zinc-500">Download view</span>
          <a href={exportHref(runId, view, task.task, "jsonl")} download className={buttonClasses("secondary", "sm")} title="Every sample matching the filters, as JSON Lines">
            <Download size={12} aria-hidden /> JSONL
          </a>
          <a href={exportHref(runId, view, task.task, "csv")} download className={buttonClasses("secondary", "sm")} title="Every sample matching the filters, as CSV">
            <Download size={12} aria-hidden /> CSV
          </a>
        </div>
      </div>

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <form role="search" onSubmit={onSearch} className="flex min-w-72 flex-1 items-center gap-1.5" key={`q:${view.q ?? ""}`}>
          <div className="relative flex-1">
            <Search size={14} aria-hidden className="pointer-events-none absolute top-1/2 left-2.5 -translate-y-1/2 text-zinc-400" />
            <Input
              id={SEARCH_INPUT_ID}
              name="q"
              type="search"
              defaultValue={view.q ?? ""}
              placeholder="Search input, target and response…  ( / )"
              aria-label="Search samples"
              aria-keyshortcuts="/"
              className="h-8 pl-8"
              maxLength={500}
            />
          </div>
          <Button type="submit" variant="secondary" size="sm">
            Search
          </Button>
          {view.q ? (
            <Button variant="ghost" size="sm" onClick={() => navigate({ q: null })} aria-label="Clear search">
              <X size={12} aria-hidden /> Clear
            </Button>
          ) : null}
        </form>
        <form onSubmit={onJump} className="flex items-center gap-1.5" key={`doc:${view.doc ?? ""}`}>
          <label htmlFor={docId} className="text-xs font-medium whitespace-nowrap text-zinc-500">
            Jump to doc_id
          </label>
          <Input id={docId} name="doc" inputMode="numeric" pattern="\d*" defaultValue={view.doc ?? ""} placeholder="0" className="h-8 w-24 tabular-nums" />
          <Button type="submit" variant="secondary" size="sm">
            Go
          </Button>
        </form>
      </div>
    </div>
  );
}
