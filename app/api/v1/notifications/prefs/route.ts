import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { getNotificationPrefs, setNotificationPrefs } from "@/lib/services/notifications/center";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json({ items: getNotificationPrefs({ db, ctx }) }));
export const PUT = apiRoute(async ({ req, ctx, db }) => NextResponse.json({ items: setNotificationPrefs({ db, ctx, input: await readJson(req) }) }));
