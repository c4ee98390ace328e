import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createBatch } from "@/lib/services/schedules/batches";

export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json(await createBatch({ db, ctx, input: await readJson(req) }), { status: 201 }));
