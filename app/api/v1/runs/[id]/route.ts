import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getRun } from "@/lib/services/runs/get-run";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json(getRun({ db, ctx, runId: params.id })));
