import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getRunResults } from "@/lib/services/results/get-run-results";
import { getRun } from "@/lib/services/runs/get-run";

/** The run with its live progress and, once ingested, its metrics. */
export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  const run = getRun({ db, ctx, runId: params.id });
  const results = getRunResults({ db, ctx, runId: params.id });
  return NextResponse.json({
    ...run,
    error: run.status === "failed" ? run.reason : null,
    metrics: (results?.metrics ?? []).map(({ task, metric, filter, value, stderr, stderrClt, n, higherIsBetter, isGroup, group }) => ({
      task,
      metric,
      filter,
      value,
      stderr,
      stderrClt,
      n,
      higherIsBetter,
      isGroup,
      group,
    })),
  });
});
