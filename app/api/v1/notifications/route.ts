import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { listNotifications } from "@/lib/services/notifications/center";

export const GET = apiRoute(({ req, ctx, db }) => NextResponse.json(listNotifications({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) })));
