"use client";

import { ArrowRight, Lock, Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useReducer, useRef, useState } from "react";
import { ConnectionBadge, useRoom } from "@/components/realtime/use-room";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, EmptyState } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Table, Td, Th } from "@/components/ui/table";
import type { Actor } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { formatDateTime, formatDuration } from "@/lib/format";
import { EVENTS, rooms } from "@/lib/realtime/names";
import { hasFilters, RUNS_PAGE_SIZE, runsQueryString, type RunsPage } from "@/lib/runs-view/filters";
import { formatShortDateTime, progressCaption, runDurationSeconds, runModelName, summarizeTasks } from "@/lib/runs-view/format";
import type { Headline } from "@/lib/runs-view/headline";
import { FAILURE_KIND_LABEL, isActiveStatus } from "@/lib/runs-view/status";
import { benchmarkLabel } from "@/lib/compare-view/format";
import { formatScore } from "@/lib/number-format";
import type { RunListDetail } from "@/lib/services/runs/list-runs";
import type { QueueChangedEvent, RunProgressEvent } from "@/lib/runs-view/merge-runs";
import { runsListReducer } from "@/lib/runs-view/runs-list-state";
import type { RunDto } from "@/lib/services/runs/run-dto";
import { ProgressBar } from "./progress-bar";
import { CancelRunButton, MoveRunButtons } from "./run-actions";
import { RunStatusBadge } from "./run-status-badge";
import { useNow } from "@/components/ui/use-now";
import { useQuietResync } from "./use-quiet-resync";

/** The signed-in user (their own details only), for the same permission checks the services make. */
export type ListViewer = Actor;

type Props = {
  items: RunDto[];
  /** Each row's model version and headline score (a runs list page's second query). */
  details: Record<number, RunListDetail>;
  total: number;
  nextCursor: number | null;
  queueLength: number;
  page: RunsPage;
  viewer: ListViewer;
  serverNow: number;
};

/**
 * The runs table, kept live from the `runs` room: rows change in place, progress bars move, queue positions renumber
 * and new runs appear at the top of the newest page. After every (re)connect it re-reads the page from the API.
 */
export function RunsTable({ items, details, total, nextCursor, queueLength, page, viewer, serverNow }: Props) {
  const [state, dispatch] = useReducer(runsListReducer, { rows: items, total, queueLength });
  // A fresh server render (after a cancel/move action revalidates the page) replaces what we hold.
  const [rendered, setRendered] = useState(items);
  if (rendered !== items) {
    setRendered(items);
    dispatch({ type: "reloaded", rows: items, total, queueLength });
  }

  const isFirstPage = page.cursor === null;
  const context = { filter: page, isFirstPage };
  const resync = useCallback(async () => {
    try {
      const [list, queue] = await Promise.all([
        fetch(`/api/v1/runs${runsQueryString(page, page.cursor) || "?"}&limit=${RUNS_PAGE_SIZE}`, { cache: "no-store" }),
        fetch("/api/v1/runs?status=queued&limit=1", { cache: "no-store" }),
      ]);
      if (!list.ok || !queue.ok) return;
      const fresh = (await list.json()) as { items: RunDto[]; total: number };
      const queued = (await queue.json()) as { total: number };
      dispatch({ type: "reloaded", rows: fresh.items, total: fresh.total, queueLength: queued.total });
    } catch {
      // Offline again: the next reconnect resyncs.
    }
  }, [page]);

  const anyActive = state.rows.some((r) => r.status === "queued" || r.status === "running");
  const heard = useQuietResync(anyActive, resync);
  const connection = useRoom(
    rooms.runs,
    {
      [EVENTS.runUpdated]: (run: RunDto) => {
        heard();
        dispatch({ type: "run:updated", run, context });
      },
      [EVENTS.runProgress]: (event: RunProgressEvent) => {
        heard();
        dispatch({ type: "run:progress", event });
      },
      [EVENTS.queueChanged]: (positions: QueueChangedEvent) => dispatch({ type: "queue:changed", positions }),
      [EVENTS.runRemoved]: (p: { id: number }) => dispatch({ type: "run:removed", id: p.id }),
    },
    resync,
  );

  // A run that appeared or finished while the page was open has no version or headline score here yet: re-render the
  // page (not reload it) once per such change to fetch them.
  const router = useRouter();
  const lastStatus = useRef(new Map<number, RunDto["status"]>());
  const asked = useRef(new Set<number>());
  useEffect(() => {
    let stale = false;
    for (const row of state.rows) {
      const before = lastStatus.current.get(row.id);
      if (before && isActiveStatus(before) && !isActiveStatus(row.status)) stale = true;
      if (!(row.id in details) && !asked.current.has(row.id)) {
        asked.current.add(row.id);
        stale = true;
      }
      lastStatus.current.set(row.id, row.status);
    }
    if (stale) router.refresh();
  }, [state.rows, details, router]);

  const anyRunning = state.rows.some((r) => r.status === "running");
  const now = useNow(serverNow, anyRunning);
  const filtered = hasFilters(page);
  const showActions = state.rows.some((r) => r.status === "queued" && can.controlRun(viewer, { createdById: r.createdBy?.id ?? null }));

  return (
    <Card className="overflow-hidden">
      <div className="flex items-center justify-between gap-4 border-b border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <p className="text-xs text-zinc-500 tabular-nums" data-testid="runs-count">
          {state.total === 1 ? "1 run" : `${state.total.toLocaleString("en-US")} runs`}
          {filtered ? " match these filters" : ""}
          {state.queueLength > 0 && !filtered ? ` · ${state.queueLength} queued` : ""}
        </p>
        <ConnectionBadge state={connection} />
      </div>
      {state.rows.length === 0 ? (
        <div className="p-4">
          <RunsEmptyState filtered={filtered} olderPage={!isFirstPage} canLaunch={can.launchRun(viewer)} />
        </div>
      ) : (
        <Table>
          <thead className="bg-zinc-50/80 dark:bg-zinc-900/60">
            <tr>
              <Th className="w-14">Run</Th>
              <Th className="w-36">Status</Th>
              <Th>Model</Th>
              <Th>Tasks</Th>
              <Th className="w-56" title="A running run's progress; a finished run's headline score, or why it failed">
                Result
              </Th>
              <Th className="w-28">Who</Th>
              <Th className="w-32 whitespace-nowrap">Created (UTC)</Th>
              <Th className="w-20 text-right">Duration</Th>
              {showActions ? <Th className="w-28 text-right">Queue</Th> : null}
            </tr>
          </thead>
          <tbody>
            {state.rows.map((run) => (
              <RunRow
                key={run.id}
                run={run}
                detail={details[run.id] ?? null}
                now={now}
                queueLength={state.queueLength}
                canControl={can.controlRun(viewer, { createdById: run.createdBy?.id ?? null })}
                showActions={showActions}
              />
            ))}
          </tbody>
        </Table>
      )}
      <Pagination page={page} nextCursor={nextCursor} shown={state.rows.length} />
    </Card>
  );
}

const cell = "py-2";

function RunRow({
  run,
  detail,
  now,
  queueLength,
  canControl,
  showActions,
}: {
  run: RunDto;
  detail: RunListDetail | null;
  now: number;
  queueLength: number;
  canControl: boolean;
  showActions: boolean;
}) {
  const tasks = summarizeTasks(run.tasks, 2);
  const model = runModelName(run, detail?.version ?? null);
  return (
    <tr data-testid={`run-row-${run.id}`} data-status={run.status} className="group hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
      <Td className={cell}>
        <Link href={`/runs/${run.id}`} className="font-mono text-sm font-semibold text-accent-600 tabular-nums hover:underline dark:text-accent-500">
          #{run.id}
        </Link>
        {run.visibility === "private" ? <Lock size={11} aria-label="Private run" className="ml-1 inline text-violet-600 dark:text-violet-400" /> : null}
      </Td>
      <Td className={cell}>
        <RunStatusBadge run={run} />
        <RunBadges run={run} className="mt-1" />
      </Td>
      <Td className={cn(cell, "max-w-64")}>
        <div title={run.modelArgs ? `--model ${run.model} --model_args ${run.modelArgs}` : `--model ${run.model}`} className="min-w-0" data-testid="run-model">
          {detail?.version ? (
            <Link href={`/models/${detail.version.modelId}`} className="block truncate font-medium hover:underline">
              {model.name}
            </Link>
          ) : (
            <div className="truncate font-medium">{model.name}</div>
          )}
          {model.detail ? <div className="truncate font-mono text-xs text-zinc-500">{model.detail}</div> : null}
        </div>
      </Td>
      <Td className={cell}>
        <div className="flex flex-wrap items-center gap-1" title={run.tasks.join(", ")}>
          {tasks.shown.map((task) => (
            <span key={task} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">
              {task}
            </span>
          ))}
          {tasks.more ? <span className="text-xs text-zinc-500">+{tasks.more}</span> : null}
        </div>
      </Td>
      <Td className={cn(cell, "max-w-56")}>
        <RunResult run={run} headline={detail?.headline ?? null} />
      </Td>
      <Td className={cn(cell, "max-w-32 truncate text-zinc-700 dark:text-zinc-300")}>{run.createdBy?.name ?? <span className="text-zinc-400">{run.source}</span>}</Td>
      <Td className={cn(cell, "whitespace-nowrap text-xs text-zinc-500 tabular-nums")}>
        <time dateTime={run.createdAt} title={formatDateTime(run.createdAt)}>
          {formatShortDateTime(run.createdAt)}
        </time>
      </Td>
      <Td className={cn(cell, "text-right whitespace-nowrap tabular-nums")}>{formatDuration(runDurationSeconds(run, now))}</Td>
      {showActions ? (
        <Td className={cn(cell, "text-right")}>
          {run.status === "queued" && canControl ? (
            <div className="flex items-start justify-end gap-0.5">
              <MoveRunButtons runId={run.id} position={run.queuePosition} queueLength={queueLength} />
              <CancelRunButton run={run} compact />
            </div>
          ) : null}
        </Td>
      ) : null}
    </tr>
  );
}

/** Where the run came from and where it ran, when that is not "launched here, on this machine". */
function RunBadges({ run, className }: { run: RunDto; className?: string }) {
  const badges = [
    run.source === "imported" ? <Badge key="imported" tone="violet">imported</Badge> : null,
    run.source === "scheduled" ? <Badge key="scheduled">scheduled</Badge> : null,
    run.executor === "slurm" ? <Badge key="slurm" tone="blue">Slurm</Badge> : null,
    run.rerunOfId ? <Badge key="rerun">re-run of #{run.rerunOfId}</Badge> : null,
  ].filter(Boolean);
  return badges.length ? (
    <div className={cn("flex flex-wrap gap-1", className)} data-testid="run-badges">
      {badges}
    </div>
  ) : null;
}

/** Progress while a run is going; afterwards what came of it: its headline score, or why it failed. */
function RunResult({ run, headline }: { run: RunDto; headline: Headline | null }) {
  if (run.status === "succeeded" && headline) {
    return (
      <div className="min-w-0" data-testid="run-headline" title={`${benchmarkLabel(headline)}${headline.more ? ` (and ${headline.more} more scores on the run page)` : ""}`}>
        <div className="font-semibold tabular-nums">{formatScore(headline.value)}</div>
        <div className="truncate font-mono text-xs text-zinc-500">
          {headline.task} · {headline.metric}
        </div>
        {headline.more ? <div className="text-[11px] text-zinc-400">+{headline.more} more</div> : null}
      </div>
    );
  }
  if (run.status === "failed" || run.status === "cancelled") {
    const label = run.status === "cancelled" ? "Cancelled" : run.failureKind ? FAILURE_KIND_LABEL[run.failureKind] : "Failed";
    return (
      <div className="min-w-0 text-xs" data-testid="run-failure" title={run.reason ?? undefined}>
        <div className={cn("font-medium", run.status === "failed" ? "text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400")}>{label}</div>
        {run.reason ? <div className="line-clamp-2 break-words text-zinc-500">{run.reason}</div> : null}
      </div>
    );
  }
  if (run.progress || run.status === "running") {
    return (
      <div className="space-y-1">
        <ProgressBar percent={run.progress?.percent ?? 0} status={run.status} label={`Run #${run.id} progress`} />
        <div className="truncate text-xs text-zinc-500 tabular-nums" data-testid="run-progress-caption">
          {progressCaption(run.progress, run.status)}
        </div>
      </div>
    );
  }
  return <span className="text-xs text-zinc-400">{run.status === "succeeded" ? "no numeric score" : "—"}</span>;
}

function Pagination({ page, nextCursor, shown }: { page: RunsPage; nextCursor: number | null; shown: number }) {
  if (page.cursor === null && nextCursor === null) return null;
  return (
    <nav aria-label="Pages" className="flex items-center justify-between gap-4 border-t border-zinc-200 px-4 py-2 text-xs text-zinc-500 dark:border-zinc-800">
      <span className="tabular-nums">{page.cursor ? `${shown} runs older than #${page.cursor}` : `Newest ${shown}`}</span>
      <span className="flex items-center gap-2">
        {page.cursor !== null ? (
          <Link href={`/runs${runsQueryString(page)}`} className={buttonClasses("secondary", "sm")}>
            Newest
          </Link>
        ) : null}
        {nextCursor !== null ? (
          <Link href={`/runs${runsQueryString(page, nextCursor)}`} className={buttonClasses("secondary", "sm")}>
            Older <ArrowRight size={13} aria-hidden />
          </Link>
        ) : null}
      </span>
    </nav>
  );
}

function RunsEmptyState({ filtered, olderPage, canLaunch }: { filtered: boolean; olderPage: boolean; canLaunch: boolean }) {
  if (olderPage) {
    return (
      <EmptyState title="No older runs">
        <Link href="/runs" className="text-accent-600 underline">
          Back to the newest runs
        </Link>
      </EmptyState>
    );
  }
  if (filtered) {
    return (
      <EmptyState title="No runs match these filters">
        Loosen a filter, or{" "}
        <Link href="/runs" className="text-accent-600 underline">
          clear them all
        </Link>
        . Matching runs that start now appear here by themselves.
      </EmptyState>
    );
  }
  return (
    <EmptyState title="No runs yet">
      <p>
        {canLaunch
          ? "Launch an evaluation: pick a model and tasks, and it starts as soon as the worker is free."
          : "Runs your team launches appear here as they start. Viewers can watch them but not launch them."}{" "}
        Scripts can queue runs with <code className="rounded bg-zinc-100 px-1 font-mono text-xs dark:bg-zinc-800">POST /api/v1/runs</code> and an API token.
      </p>
      {canLaunch ? (
        <Link href="/runs/new" className={cn(buttonClasses("primary"), "mt-4")}>
          <Plus size={14} aria-hidden /> New run
        </Link>
      ) : null}
    </EmptyState>
  );
}
