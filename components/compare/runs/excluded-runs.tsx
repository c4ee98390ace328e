import { CircleSlash } from "lucide-react";
import Link from "next/link";

/** Runs asked for but left out, each with its reason: never silently mixed in or dropped. */
export function ExcludedRuns({ excluded }: { excluded: Array<{ runId: number; reason: string }> }) {
  if (excluded.length === 0) return null;
  return (
    <div role="status" className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm dark:border-amber-900 dark:bg-amber-950/30" data-testid="excluded-runs">
      <p className="flex items-center gap-1.5 font-medium text-amber-900 dark:text-amber-200">
        <CircleSlash size={14} aria-hidden /> {excluded.length === 1 ? "1 run is" : `${excluded.length} runs are`} not part of this comparison
      </p>
      <ul className="mt-1 space-y-0.5 text-amber-800 dark:text-amber-300">
        {excluded.map((e) => (
          <li key={e.runId}>
            <Link href={`/runs/${e.runId}`} className="font-mono font-medium underline">
              #{e.runId}
            </Link>
            : {e.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}
