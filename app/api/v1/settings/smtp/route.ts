import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { clearSmtpSettings, getSmtpSettings, saveSmtpSettings } from "@/lib/services/notifications/settings";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json({ smtp: getSmtpSettings({ db, ctx }) }));
export const PUT = apiRoute(async ({ req, ctx, db }) => NextResponse.json({ smtp: saveSmtpSettings({ db, ctx, input: await readJson(req) }) }));
export const DELETE = apiRoute(({ ctx, db }) => {
  clearSmtpSettings({ db, ctx });
  return new Response(null, { status: 204 });
});
