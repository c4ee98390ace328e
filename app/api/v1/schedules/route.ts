import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createSchedule, listSchedules } from "@/lib/services/schedules/manage-schedules";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json({ items: listSchedules({ db, ctx }) }));
export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json(createSchedule({ db, ctx, input: await readJson(req) }), { status: 201 }));
