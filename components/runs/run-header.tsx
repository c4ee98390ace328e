"use client";

import { ArrowLeft, CircleAlert, FileInput, Info, Lock, TriangleAlert } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { ConnectionBadge } from "@/components/realtime/use-room";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { formatDateTime, formatDuration } from "@/lib/format";
import { runDurationSeconds, runModelName } from "@/lib/runs-view/format";
import type { RunVersionRef } from "@/lib/services/runs/list-runs";
import { FAILURE_KIND_LABEL, isActiveStatus } from "@/lib/runs-view/status";
import type { RunDto } from "@/lib/services/runs/run-dto";
import { CancelRunButton, MoveRunButtons, RerunLink } from "./run-actions";
import { useRunLive } from "./run-live";
import { RunStatusBadge } from "./run-status-badge";
import { RegisterRunVersion, type RegisterOffer } from "./register-run-version";
import { ShareButton } from "./share-dialog";

function Meta({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex items-baseline gap-1.5">
      <dt className="text-xs text-zinc-500">{label}</dt>
      <dd className="text-sm text-zinc-800 tabular-nums dark:text-zinc-200">{children}</dd>
    </div>
  );
}

/**
 * Title, status, the model it evaluated (and the registered version it belongs to), who/what/when, and the actions the
 * viewer may take (the services check them again). An imported run says so and where it came from; a launch-only
 * action (Re-run) does not apply to it.
 */
export function RunHeader({
  canControl,
  canLaunch,
  canShare,
  version,
  register,
  resultsFile,
}: {
  canControl: boolean;
  canLaunch: boolean;
  canShare: boolean;
  version: RunVersionRef | null;
  /** The viewer may register this run as a new version of a model (it has none). */
  register: RegisterOffer | null;
  /** The ingested results file, for an imported run's provenance. */
  resultsFile: string | null;
}) {
  const { run, connection, now, queueLength } = useRunLive();
  const model = runModelName(run, version);
  const imported = run.source === "imported";
  return (
    <header className="mb-5">
      <Link href="/runs" className="mb-2 inline-flex items-center gap-1 rounded text-xs text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
        <ArrowLeft size={12} aria-hidden /> All runs
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="text-xl font-semibold tracking-tight tabular-nums">Run #{run.id}</h1>
            <RunStatusBadge run={run} />
            {imported ? (
              <span data-testid="imported-badge" title="Made elsewhere and imported from its lmms-eval output files">
                <Badge tone="violet">
                  <FileInput size={11} aria-hidden /> Imported
                </Badge>
              </span>
            ) : null}
            {run.visibility === "private" ? (
              <span data-testid="private-badge" title="Only its owner, admins and the people it is shared with can see this run">
                <Badge tone="violet">
                  <Lock size={11} aria-hidden /> Private
                </Badge>
              </span>
            ) : null}
            <ConnectionBadge state={connection} />
          </div>
          <p className="mt-1.5 text-sm break-words" title={`--model ${run.model}${run.modelArgs ? ` --model_args ${run.modelArgs}` : ""}`} data-testid="run-model">
            <span className="font-medium">{model.name}</span>
            {model.detail ? <span className="ml-2 font-mono text-xs text-zinc-500">{model.detail}</span> : null}
            <span className="mx-2 text-zinc-300 dark:text-zinc-700">|</span>
            <span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{run.tasks.join(", ")}</span>
          </p>
          <div className="mt-1.5 flex flex-wrap items-center gap-2 text-sm" data-testid="run-version">
            {version ? (
              <>
                <span className="text-xs text-zinc-500">model version</span>
                <Link href={`/models/${version.modelId}`} className="font-medium text-accent-600 hover:underline dark:text-accent-500">
                  {version.modelName} · <span className="font-mono">{version.label}</span>
                </Link>
                {run.versionOverrides && Object.keys(run.versionOverrides).length ? (
                  <span className="text-xs text-amber-700 dark:text-amber-400" title={Object.entries(run.versionOverrides).map(([k, [a, b]]) => `${k}: ${a || "—"} → ${b || "—"}`).join("\n")}>
                    with {Object.keys(run.versionOverrides).length} override{Object.keys(run.versionOverrides).length === 1 ? "" : "s"}
                  </span>
                ) : null}
              </>
            ) : register ? (
              <RegisterRunVersion runId={run.id} backend={run.model} modelArgs={run.modelArgs} offer={register} />
            ) : (
              <span className="text-xs text-zinc-500">not a registered model version</span>
            )}
          </div>
          <dl className="mt-2 flex flex-wrap gap-x-5 gap-y-1">
            {imported ? (
              <>
                {/* When it was evaluated is in the results card, in the zone lmms-eval wrote it in (not always UTC). */}
                <Meta label="imported by">{run.createdBy?.name ?? "—"}</Meta>
                {resultsFile ? (
                  <Meta label="from">
                    <span className="font-mono text-xs" data-testid="imported-from">
                      {resultsFile.split("/").pop()}
                    </span>
                  </Meta>
                ) : null}
              </>
            ) : (
              <>
                <Meta label="by">{run.createdBy?.name ?? run.source}</Meta>
                <Meta label="created">{formatDateTime(run.createdAt)}</Meta>
                {run.startedAt ? <Meta label="started">{formatDateTime(run.startedAt)}</Meta> : null}
              </>
            )}
            {run.startedAt || !imported ? <Meta label={run.status === "running" ? "running for" : "duration"}>{formatDuration(runDurationSeconds(run, now))}</Meta> : null}
            {run.rerunOfId ? (
              <Meta label="re-run of">
                <Link href={`/runs/${run.rerunOfId}`} className="font-mono text-accent-600 hover:underline dark:text-accent-500">
                  #{run.rerunOfId}
                </Link>
              </Meta>
            ) : null}
          </dl>
        </div>
        <div className="flex flex-wrap items-start gap-2">
          {run.status === "queued" && canControl ? (
            <div className="rounded-md border border-zinc-200 bg-white px-1 py-0.5 dark:border-zinc-800 dark:bg-zinc-900">
              <MoveRunButtons runId={run.id} position={run.queuePosition} queueLength={queueLength} directions={["top", "up", "down", "bottom"]} />
            </div>
          ) : null}
          {isActiveStatus(run.status) && canControl ? <CancelRunButton run={run} /> : null}
          {canShare ? <ShareButton runId={run.id} visibility={run.visibility} ownerId={run.createdBy?.id ?? null} /> : null}
          {canLaunch && !imported ? <RerunLink runId={run.id} /> : null}
        </div>
      </div>
    </header>
  );
}

function Notice({ tone, icon, title, children, testId }: { tone: "red" | "amber" | "neutral" | "blue"; icon: ReactNode; title: string; children: ReactNode; testId: string }) {
  const tones = {
    red: "border-red-200 bg-red-50 text-red-900 dark:border-red-900/70 dark:bg-red-950/40 dark:text-red-200",
    amber: "border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/70 dark:bg-amber-950/30 dark:text-amber-200",
    neutral: "border-zinc-200 bg-zinc-50 text-zinc-800 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-200",
    blue: "border-blue-200 bg-blue-50 text-blue-900 dark:border-blue-900/70 dark:bg-blue-950/30 dark:text-blue-200",
  };
  return (
    <div role={tone === "red" ? "alert" : "status"} data-testid={testId} className={cn("mb-5 flex gap-3 rounded-lg border px-4 py-3", tones[tone])}>
      <span className="mt-0.5 shrink-0">{icon}</span>
      <div className="min-w-0 flex-1">
        <p className="text-sm font-semibold">{title}</p>
        <div className="mt-1 text-sm">{children}</div>
      </div>
    </div>
  );
}

function exitText(run: Pick<RunDto, "exitCode" | "exitSignal">): string | null {
  if (run.exitSignal) return `was terminated by ${run.exitSignal}`;
  if (run.exitCode !== null) return `exited with code ${run.exitCode}`;
  return null;
}

/** The recovery reason without its "Interrupted:" lead-in (the notice's title already says so). */
function interruptedText(reason: string | null): string | null {
  const text = reason?.replace(/^Interrupted:\s*/, "").trim();
  return text ? text[0].toUpperCase() + text.slice(1) : null;
}

/** Why a run ended the way it did, and the next step: an interrupted run is offered a re-run. */
export function RunOutcomeNotice({ canLaunch }: { canLaunch: boolean }) {
  const { run } = useRunLive();
  if (run.status === "running" && run.cancelRequested) {
    return (
      <Notice tone="blue" icon={<Info size={16} aria-hidden />} title="Cancel requested" testId="run-reason">
        Waiting for lmms-eval to stop (interrupt first, then harder after a grace period).
      </Notice>
    );
  }
  if (run.status === "failed" && run.failureKind === "interrupted") {
    return (
      <Notice tone="amber" icon={<TriangleAlert size={16} aria-hidden />} title="Interrupted" testId="run-reason">
        <p>{interruptedText(run.reason) ?? "The worker stopped while this run was going, so lmms-eval never finished. lmms-eval cannot resume a run."}</p>
        {canLaunch ? (
          <p className="mt-2">
            <RerunLink runId={run.id} primary /> <span className="ml-2 text-xs opacity-80">starts a new run with the same settings</span>
          </p>
        ) : null}
      </Notice>
    );
  }
  if (run.status === "failed") {
    const exit = exitText(run);
    return (
      <Notice tone="red" icon={<CircleAlert size={16} aria-hidden />} title={run.failureKind ? FAILURE_KIND_LABEL[run.failureKind] : "Failed"} testId="run-reason">
        <p className="font-mono text-xs leading-5 break-words whitespace-pre-wrap">{run.reason ?? "lmms-eval did not say why."}</p>
        {exit ? <p className="mt-1 text-xs opacity-80">lmms-eval {exit}. The console below has the full output.</p> : null}
      </Notice>
    );
  }
  if (run.status === "cancelled") {
    return (
      <Notice tone="neutral" icon={<Info size={16} aria-hidden />} title="Cancelled" testId="run-reason">
        {run.reason ?? "This run was cancelled."}
      </Notice>
    );
  }
  return null;
}
