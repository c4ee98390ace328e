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
import { getDb } from "@/db/client";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNotFound } from "@/lib/page-load";
import { listComments } from "@/lib/services/comments/comments";
import { getRunActivity } from "@/lib/services/comments/sharing";
import { getRunForViewer, getRunLogs } from "@/lib/services/runs/get-run";
import { listRuns } from "@/lib/services/runs/list-runs";

/** Lines rendered with the page when someone opens a run mid-way; the live stream continues from the last one. */
const INITIAL_CONSOLE_LINES = 2000;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: /^\d+$/.test(id) ? `Run #${id}` : "Run" };
}

export default async function RunPage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const db = getDb();
  const { run, may } = loadOrNotFound(() => getRunForViewer({ db, ctx, runId: id }));
  const logs = getRunLogs({ db, ctx, runId: run.id, input: { tail: INITIAL_CONSOLE_LINES } });
  const queueLength = run.status === "queued" ? listRuns({ db, ctx, input: { status: "queued", limit: 1 } }).total : 0;
  const comments = listComments({ db, ctx, input: { runId: run.id } });
  const activity = getRunActivity({ db, ctx, runId: run.id });
  const viewer = { id: ctx.actor.id, name: ctx.actor.name, role: ctx.actor.role };

  return (
    <RunLiveProvider run={run} lines={logs.lines} queueLength={queueLength} serverNow={Date.now()}>
      <RunHeader canControl={may.control} canLaunch={can.launchRun(ctx.actor)} canShare={may.share} />
      <RunOutcomeNotice canLaunch={can.launchRun(ctx.actor)} />
      <div className="grid items-start gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <div className="min-w-0 space-y-5">
          <RunProgressPanel />
          <RunConfig />
        </div>
        <RunDiscussion comments={comments} activity={activity} viewer={viewer} canComment={may.comment} />
      </div>
      <section aria-label="Console" className="mt-5">
        <RunConsole />
      </section>
      <div className="mt-5">
        <Suspense fallback={<RunResultsSkeleton />}>
          <RunResultsSection runId={run.id} />
        </Suspense>
      </div>
    </RunLiveProvider>
  );
}
