import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { listSamples } from "@/lib/services/results/list-samples";

export const GET = apiRoute<{ id: string }>(({ req, params, ctx, db }) =>
  NextResponse.json(listSamples({ db, ctx, runId: params.id, input: Object.fromEntries(req.nextUrl.searchParams) })),
);
