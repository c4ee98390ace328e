import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { markNotificationsRead } from "@/lib/services/notifications/center";

export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json({ marked: markNotificationsRead({ db, ctx, input: await readJson(req) }) }));
