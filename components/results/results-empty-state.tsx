import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";
import type { RunDto } from "@/lib/services/runs/run-dto";

const MESSAGES: Record<RunDto["status"], { title: string; body: string }> = {
  queued: { title: "No results yet", body: "The run is waiting in the queue. lmms-eval writes its results only when every task has finished; they appear here then." },
  running: { title: "No results yet", body: "lmms-eval writes its results file only at the very end of the run; metrics and samples appear here as soon as it does." },
  failed: { title: "This run produced no results", body: "lmms-eval stopped before writing a results file. The console above has the error; fix it and re-run." },
  cancelled: { title: "This run was cancelled", body: "It was stopped before lmms-eval wrote a results file, so there are no metrics or samples." },
  succeeded: {
    title: "No results were stored for this run",
    body: "The run finished, but no *_results.json was ingested. If the files exist on disk, import them from Runs → Import.",
  },
};

/** What to expect (or do) when a run has no ingested results. */
export function ResultsEmptyState({ status, canImport }: { status: RunDto["status"]; canImport: boolean }) {
  const message = MESSAGES[status];
  return (
    <Card>
      <CardHeader title="Results" />
      <div className="px-6 py-10 text-center" data-testid="results-empty">
        <p className="text-sm font-medium">{message.title}</p>
        <p className="mx-auto mt-1.5 max-w-lg text-sm text-zinc-500">{message.body}</p>
        {status === "succeeded" && canImport ? (
          <Link href="/runs/import" className={`${buttonClasses("secondary", "sm")} mt-4`}>
            Import results
          </Link>
        ) : null}
      </div>
    </Card>
  );
}
