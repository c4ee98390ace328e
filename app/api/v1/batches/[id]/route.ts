import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getBatch } from "@/lib/services/schedules/batches";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json(getBatch({ db, ctx, batchId: params.id })));
