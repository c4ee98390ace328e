"use client";

import { Plus, X } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { addRun, removeRun, runsHref, setReference, type RunsView } from "@/lib/compare-view/compare-url";

export type PickerRun = { id: number; label: string; detail: string };

/** Which runs are compared and which one is the reference; every change is a new URL. */
export function RunPicker({ view, chosen, candidates }: { view: RunsView; chosen: PickerRun[]; candidates: PickerRun[] }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [adding, setAdding] = useState("");
  const reference = view.reference ?? view.runs[0] ?? null;
  const go = (next: RunsView) => startTransition(() => router.push(runsHref(next), { scroll: false }));
  const available = candidates.filter((c) => !view.runs.includes(c.id));
  const byId = new Map(chosen.map((c) => [c.id, c]));

  return (
    <div className="space-y-3 px-4 py-3" aria-busy={pending}>
      {view.runs.length ? (
        <fieldset>
          <legend className="sr-only">Compared runs and the reference</legend>
          <ul className="flex flex-wrap gap-2">
            {view.runs.map((id) => {
              const run = byId.get(id);
              const isReference = id === reference;
              return (
                <li
                  key={id}
                  className={cn(
                    "flex items-center gap-2 rounded-md border py-1 pl-2 pr-1 text-sm",
                    isReference ? "border-accent-500 bg-accent-50 dark:border-accent-500/60 dark:bg-accent-600/10" : "border-zinc-300 bg-white dark:border-zinc-700 dark:bg-zinc-900",
                  )}
                  data-testid={`picked-run-${id}`}
                >
                  <label className="flex cursor-pointer items-center gap-1.5" title="Use as the reference: every other run is tested against it">
                    <input type="radio" name="reference" checked={isReference} onChange={() => go(setReference({ ...view, reference }, id))} className="accent-accent-600" aria-label={`Reference: run #${id}`} />
                    <span className="text-[10px] font-semibold uppercase tracking-wide text-zinc-500">{isReference ? "ref" : ""}</span>
                  </label>
                  <Link href={`/runs/${id}`} className="font-mono text-xs font-semibold text-accent-600 hover:underline dark:text-accent-500">
                    #{id}
                  </Link>
                  <span className="max-w-72 truncate" title={run?.detail}>
                    {run?.label ?? "unknown run"}
                  </span>
                  <button
                    type="button"
                    onClick={() => go(removeRun({ ...view, reference }, id))}
                    aria-label={`Remove run #${id}`}
                    className="flex h-6 w-6 items-center justify-center rounded text-zinc-400 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-700 dark:hover:text-zinc-100"
                  >
                    <X size={12} aria-hidden />
                  </button>
                </li>
              );
            })}
          </ul>
        </fieldset>
      ) : (
        <p className="text-sm text-zinc-500">No run chosen yet.</p>
      )}
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (adding) go(addRun({ ...view, reference }, Number(adding)));
          setAdding("");
        }}
      >
        <label className="text-xs font-medium text-zinc-600 dark:text-zinc-400" htmlFor="add-run">
          Add a run
        </label>
        <select
          id="add-run"
          value={adding}
          onChange={(e) => setAdding(e.target.value)}
          className="h-8 w-full min-w-0 max-w-[32rem] flex-1 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">{available.length ? "Choose a finished run…" : "No other finished run"}</option>
          {available.map((c) => (
            <option key={c.id} value={c.id}>
              #{c.id} · {c.label} · {c.detail}
            </option>
          ))}
        </select>
        <Button type="submit" size="sm" variant="secondary" disabled={!adding || pending || view.runs.length >= 20}>
          <Plus size={13} aria-hidden /> Add
        </Button>
        {view.runs.length >= 20 ? <span className="text-xs text-zinc-500">At most 20 runs at once.</span> : null}
      </form>
    </div>
  );
}
