import type { Metadata } from "next";
import { Suspense } from "react";
import { RunResultsSection } from "@/components/results/run-results-section";
import { RunResultsSkeleton } from "@/components/results/run-results-skeleton";
import { RunConfig } from "@/components/runs/run-config";
import { RunConsole } from "@/components/runs/run-console";
import { RunHeader, RunOutcomeNotice } from "@/components/runs/run-header";
import { RunLiveProvider } from "@/components/runs/run-live";
import { RunDiscussion } from "@/components/runs/run-discussion";
import { RunProgressPanel } from "@/components/runs/run-progress-panel";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNotFound } from "@/lib/page-load";
import { listComments } from "@/lib/services/comments/comments";
import { getRunActivity } from "@/lib/services/comments/sharing";
import { listModels } from "@/lib/services/models/manage-models";
import { suggestVersionNames } from "@/lib/services/models/register-run-version";
import { getRunResults } from "@/lib/services/results/get-run-results";
import { getRunForViewer, getRunLogs } from "@/lib/services/runs/get-run";
import { listRuns, runListDetails } from "@/lib/services/runs/list-runs";

/** Lines rendered with the page when someone opens a run mid-way; the live stream continues from the last one. */
const INITIAL_CONSOLE_LINES = 2000;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: /^\d+$/.test(id) ? `Run #${id}` : "Run" };
}

/**
 * A run while it goes: progress, configuration and discussion, then its console, and its results once they exist.
 * Once it has succeeded the results come first (the progress card has nothing left to say). An imported run never
 * ran here: it shows its results, where it came from and its configuration, without an empty console.
 */
export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const db = getDb();
  const { run, may } = loadOrNotFound(() => getRunForViewer({ db, ctx, runId: id }));
  const imported = run.source === "imported";
  const logs = imported ? { lines: [] } : getRunLogs({ db, ctx, runId: run.id, input: { tail: INITIAL_CONSOLE_LINES } });
  const queueLength = run.status === "queued" ? listRuns({ db, ctx, input: { status: "queued", limit: 1 } }).total : 0;
  const comments = listComments({ db, ctx, input: { runId: run.id } });
  const activity = getRunActivity({ db, ctx, runId: run.id });
  const viewer = { id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role };
  const version = runListDetails({ db, ctx, runIds: [run.id] })[run.id]?.version ?? null;
  const mayRegister = version === null && run.status === "succeeded" && can.launchRun(ctx.actor) && may.control;
  const register = mayRegister
    ? {
        // Archived models take no new versions.
        models: listModels({ db, ctx, input: { status: "active" } }).map((m) => ({ id: m.id, name: m.name })),
        suggestion: suggestVersionNames(run.model, run.modelArgs, run.startedAt ?? run.createdAt),
      }
    : null;
  const resultsFile = imported ? (getRunResults({ db, ctx, runId: run.id })?.resultsFile ?? null) : null;
  const resultsFirst = imported || run.status === "succeeded";

  const results = (
    <Suspense fallback={<RunResultsSkeleton />}>
      <RunResultsSection runId={run.id} />
    </Suspense>
  );
  return (
    <RunLiveProvider run={run} lines={logs.lines} queueLength={queueLength} serverNow={Date.now()}>
      <RunHeader canControl={may.control} canLaunch={can.launchRun(ctx.actor)} canShare={may.share} version={version} register={register} resultsFile={resultsFile} />
      <RunOutcomeNotice canLaunch={can.launchRun(ctx.actor)} />
      {resultsFirst ? <div className="mb-5">{results}</div> : null}
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-5">
          {imported ? null : <RunProgressPanel />}
          <RunConfig />
        </div>
        <RunDiscussion comments={comments} activity={activity} viewer={viewer} canComment={may.comment} />
      </div>
      {imported ? null : (
        <section aria-label="Console" className="mt-5">
          <RunConsole />
        </section>
      )}
      {resultsFirst ? null : <div className="mt-5">{results}</div>}
    </RunLiveProvider>
  );
}
