"use client";

import { ArrowRight, FileDiff } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { buttonClasses } from "@/components/ui/button";
import { samplesHref } from "@/lib/compare-view/compare-url";

/**
 * Per-sample diffs: every task against the reference in one click, and any other pair of runs through the picker.
 */
export function SampleDiffLinks({ runs, referenceRunId, tasks }: { runs: Array<{ id: number; label: string }>; referenceRunId: number; tasks: string[] }) {
  const others = runs.filter((r) => r.id !== referenceRunId);
  const [base, setBase] = useState(String(referenceRunId));
  const [other, setOther] = useState(String(others[0]?.id ?? ""));
  const [task, setTask] = useState(tasks[0] ?? "");
  if (tasks.length === 0) return <p className="px-4 py-3 text-sm text-zinc-500">No task is shared by these runs.</p>;
  const select = "h-8 max-w-56 rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  return (
    <div className="space-y-3 px-4 py-3">
      <ul className="divide-y divide-zinc-100 text-sm dark:divide-zinc-800">
        {tasks.map((t) => (
          <li key={t} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5">
            <span className="w-48 truncate font-medium" title={t}>
              {t}
            </span>
            {others.map((o) => (
              <Link
                key={o.id}
                href={samplesHref({ base: referenceRunId, other: o.id, task: t })}
                className="inline-flex items-center gap-1 rounded px-1.5 py-0.5 font-mono text-xs text-accent-600 hover:bg-accent-50 dark:text-accent-500 dark:hover:bg-accent-600/10"
                data-testid="sample-diff-link"
              >
                <FileDiff size={11} aria-hidden /> #{referenceRunId} <ArrowRight size={10} aria-hidden /> #{o.id}
              </Link>
            ))}
          </li>
        ))}
      </ul>
      {runs.length > 2 ? (
        <div className="flex flex-wrap items-center gap-2 border-t border-zinc-100 pt-3 text-xs dark:border-zinc-800">
          <span className="font-medium text-zinc-600 dark:text-zinc-400">Any pair:</span>
          <label className="sr-only" htmlFor="pair-base">
            Base run
          </label>
          <select id="pair-base" value={base} onChange={(e) => setBase(e.target.value)} className={select}>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} {r.label}
              </option>
            ))}
          </select>
          <ArrowRight size={12} aria-hidden className="text-zinc-400" />
          <label className="sr-only" htmlFor="pair-other">
            Other run
          </label>
          <select id="pair-other" value={other} onChange={(e) => setOther(e.target.value)} className={select}>
            {runs.map((r) => (
              <option key={r.id} value={r.id}>
                #{r.id} {r.label}
              </option>
            ))}
          </select>
          <label className="sr-only" htmlFor="pair-task">
            Task
          </label>
          <select id="pair-task" value={task} onChange={(e) => setTask(e.target.value)} className={select}>
            {tasks.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
          {base !== other ? (
            <Link href={samplesHref({ base: Number(base), other: Number(other), task })} className={buttonClasses("secondary", "sm")}>
              Open diff
            </Link>
          ) : (
            <span className="text-zinc-500">choose two different runs</span>
          )}
        </div>
      ) : null}
    </div>
  );
}
