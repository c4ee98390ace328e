import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getRunLogs } from "@/lib/services/runs/get-run";

export const GET = apiRoute<{ id: string }>(({ req, params, ctx, db }) =>
  NextResponse.json(getRunLogs({ db, ctx, runId: params.id, input: Object.fromEntries(req.nextUrl.searchParams) })),
);
