import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { listFirings } from "@/lib/services/schedules/manage-schedules";

export const GET = apiRoute<{ id: string }>(({ req, params, ctx, db }) =>
  NextResponse.json(listFirings({ db, ctx, scheduleId: params.id, input: Object.fromEntries(req.nextUrl.searchParams) })),
);
