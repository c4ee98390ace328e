import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { webPublisher } from "@/lib/realtime/publish";
import { runScheduleNow } from "@/lib/services/schedules/fire-schedule";

export const POST = apiRoute<{ id: string }>(async ({ params, ctx, db }) =>
  NextResponse.json(await runScheduleNow({ db, ctx, scheduleId: params.id, publisher: webPublisher }), { status: 201 }),
);
