import { FileUp, Play } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader } from "@/components/ui/card";

export type HealthSummary = { worker: "up" | "down"; lmmsEval: { found: boolean; version?: string | null } };

/** The home page before any run has results: what works, and the two ways to get a first result. */
export function GettingStarted({ health, canLaunch }: { health: HealthSummary; canLaunch: boolean }) {
  return (
    <div className="grid max-w-4xl gap-4 md:grid-cols-[1fr_18rem]">
      <Card>
        <CardHeader title="Get your first results" description="The board of every model on every benchmark appears here as soon as one run has results." />
        <ol className="space-y-4 px-4 py-4 text-sm">
          <li className="flex gap-3">
            <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-accent-100 text-xs font-semibold text-accent-700 dark:bg-accent-600/20 dark:text-accent-500">1</span>
            <div className="space-y-2">
              <p>
                <span className="font-medium">Launch an evaluation</span> — pick a model and lmms-eval tasks; the worker runs it and stores every result and sample.
              </p>
              {canLaunch ? (
                <Link href="/runs/new" className={buttonClasses("primary", "sm")}>
                  <Play size={13} aria-hidden /> Launch a run
                </Link>
              ) : (
                <p className="text-xs text-zinc-500">Your role can view results but not launch runs; ask a member or an admin.</p>
              )}
            </div>
          </li>
          <li className="flex gap-3">
            <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-accent-100 text-xs font-semibold text-accent-700 dark:bg-accent-600/20 dark:text-accent-500">2</span>
            <div className="space-y-2">
              <p>
                <span className="font-medium">Or import results you already have</span> — the <code className="font-mono text-xs">*_results.json</code> and <code className="font-mono text-xs">*_samples_*.jsonl</code> files lmms-eval wrote.
              </p>
              {canLaunch ? (
                <Link href="/runs/import" className={buttonClasses("secondary", "sm")}>
                  <FileUp size={13} aria-hidden /> Import results
                </Link>
              ) : null}
            </div>
          </li>
          <li className="flex gap-3">
            <span className="flex h-6 w-6 shrink-0 items-center justify-center rounded-full bg-accent-100 text-xs font-semibold text-accent-700 dark:bg-accent-600/20 dark:text-accent-500">3</span>
            <p className="pt-0.5">
              <span className="font-medium">Compare</span> — pin a baseline on the board, open two runs side by side with paired significance tests, and read the samples one model fixed or broke.
            </p>
          </li>
        </ol>
      </Card>
      <Card className="self-start">
        <CardHeader title="Status" />
        <ul className="space-y-2 px-4 py-3 text-sm">
          <li className="flex items-center justify-between gap-2">
            Worker {health.worker === "up" ? <Badge tone="green">up</Badge> : <Badge tone="red">down</Badge>}
          </li>
          <li className="flex items-center justify-between gap-2">
            lmms-eval
            {health.lmmsEval.found ? <Badge tone="green">{health.lmmsEval.version ?? "found"}</Badge> : <Badge tone="amber">not found</Badge>}
          </li>
          {!health.lmmsEval.found ? (
            <li>
              <Link href="/settings/system" className="text-xs text-accent-600 underline dark:text-accent-500">
                How to install lmms-eval
              </Link>
            </li>
          ) : null}
        </ul>
      </Card>
    </div>
  );
}
