import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { cancelRun } from "@/lib/services/runs/cancel-run";

export const POST = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  const run = cancelRun({ db, ctx, input: { runId: params.id } });
  return NextResponse.json({ id: run.id, status: run.status, cancelRequested: Boolean(run.cancelRequestedAt) });
});
