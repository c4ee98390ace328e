import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { deleteSchedule, getSchedule, updateSchedule } from "@/lib/services/schedules/manage-schedules";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json(getSchedule({ db, ctx, scheduleId: params.id })));
export const PATCH = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(updateSchedule({ db, ctx, input: { ...body, scheduleId: params.id } }));
});
export const DELETE = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  deleteSchedule({ db, ctx, scheduleId: params.id });
  return new Response(null, { status: 204 });
});
