import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { getRunSharing, setRunSharing } from "@/lib/services/comments/sharing";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json(getRunSharing({ db, ctx, runId: params.id })));
export const PUT = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => NextResponse.json(setRunSharing({ db, ctx, runId: params.id, input: await readJson(req) })));
