import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { moveQueuedRun } from "@/lib/services/runs/move-queued-run";

export const POST = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  const position = moveQueuedRun({ db, ctx, input: { runId: params.id, direction: body?.direction } });
  return NextResponse.json({ id: Number(params.id), queuePosition: position });
});
