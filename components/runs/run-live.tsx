"use client";

import { useRouter } from "next/navigation";

import { createContext, useCallback, useContext, useEffect, useReducer, useRef, useState, type ReactNode } from "react";
import { useRoom, type ConnectionState } from "@/components/realtime/use-room";
import { EVENTS, rooms } from "@/lib/realtime/names";
import { planLogCatchUp } from "@/lib/runs-view/log-lines";
import type { QueueChangedEvent, RunProgressEvent } from "@/lib/runs-view/merge-runs";
import { initRunDetail, runDetailReducer, type RunDetailState } from "@/lib/runs-view/run-detail-state";
import type { RunLogDto } from "@/lib/services/runs/run-dto";
import type { RunDto } from "@/lib/services/runs/run-dto";
import { useNow } from "@/components/ui/use-now";
import { useQuietResync } from "./use-quiet-resync";

type RunLive = RunDetailState & { connection: ConnectionState; now: number };

const RunLiveContext = createContext<RunLive | null>(null);

export function useRunLive(): RunLive {
  const value = useContext(RunLiveContext);
  if (!value) throw new Error("useRunLive must be used inside <RunLiveProvider>");
  return value;
}

async function getJson<T>(url: string): Promise<T | null> {
  const res = await fetch(url, { cache: "no-store" });
  return res.ok ? ((await res.json()) as T) : null;
}

/**
 * Holds one run's live state for the whole page (header, progress, config, console). It starts from what the server
 * rendered, follows the `run:<id>` room, and after every (re)connect re-reads the run and fetches only the console
 * lines after the last gap-free one it holds — lines are deduplicated by `seq`, so nothing shows twice.
 */
export function RunLiveProvider({
  run,
  lines,
  queueLength,
  serverNow,
  children,
}: {
  run: RunDto;
  lines: RunLogDto[];
  queueLength: number;
  serverNow: number;
  children: ReactNode;
}) {
  const [state, dispatch] = useReducer(runDetailReducer, { run, lines, queueLength }, initRunDetail);
  const stateRef = useRef(state);
  stateRef.current = state;

  // A fresh server render (after a cancel or move action) brings a newer run and tail; merge rather than reset.
  const [rendered, setRendered] = useState(run);
  if (rendered !== run) {
    setRendered(run);
    dispatch({ type: "run:updated", run });
    dispatch({ type: "run:logs", runId: run.id, lines });
  }

  const runId = run.id;
  const resync = useCallback(async () => {
    try {
      const fresh = await getJson<RunDto>(`/api/v1/runs/${runId}`);
      if (!fresh) return;
      dispatch({ type: "run:updated", run: fresh });
      const plan = planLogCatchUp(stateRef.current.syncedSeq, fresh.lastLogSeq);
      if (plan.kind === "after") {
        const page = await getJson<{ lines: RunLogDto[] }>(`/api/v1/runs/${runId}/logs?after=${plan.after}`);
        if (page) dispatch({ type: "run:logs", runId, lines: page.lines });
      } else if (plan.kind === "tail") {
        const page = await getJson<{ lines: RunLogDto[] }>(`/api/v1/runs/${runId}/logs?tail=${plan.tail}`);
        if (page) dispatch({ type: "logs:tail", lines: page.lines });
      }
    } catch {
      // Offline again: the next reconnect resyncs.
    }
  }, [runId]);

  const heard = useQuietResync(state.run.status === "queued" || state.run.status === "running", resync);
  const connection = useRoom(
    rooms.run(runId),
    {
      [EVENTS.runUpdated]: (payload: RunDto) => {
        if (payload.id === runId) heard();
        dispatch({ type: "run:updated", run: payload });
      },
      [EVENTS.runProgress]: (event: RunProgressEvent) => {
        if (event.runId === runId) heard();
        dispatch({ type: "run:progress", event });
      },
      [EVENTS.runLogs]: (payload: { runId: number; lines: RunLogDto[] }) => {
        if (payload.runId === runId) heard();
        dispatch({ type: "run:logs", runId: payload.runId, lines: payload.lines });
      },
    },
    resync,
  );
  // Queue positions are announced to the runs list only; listen there while this run waits its turn.
  useRoom(state.run.status === "queued" ? rooms.runs : null, {
    [EVENTS.queueChanged]: (positions: QueueChangedEvent) => dispatch({ type: "queue:changed", positions }),
  });

  // The results section is rendered on the server: when the run ends, re-render the page so it appears.
  const router = useRouter();
  const previousStatus = useRef(state.run.status);
  useEffect(() => {
    const was = previousStatus.current;
    previousStatus.current = state.run.status;
    if ((was === "queued" || was === "running") && state.run.status !== "queued" && state.run.status !== "running") router.refresh();
  }, [state.run.status, router]);

  const now = useNow(serverNow, state.run.status === "running");
  return <RunLiveContext.Provider value={{ ...state, connection, now }}>{children}</RunLiveContext.Provider>;
}
