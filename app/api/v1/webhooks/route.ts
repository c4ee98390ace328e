import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createWebhook, listWebhooks } from "@/lib/services/notifications/webhooks";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json({ items: listWebhooks({ db, ctx }) }));
/** The signing secret is in this response only. */
export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json(createWebhook({ db, ctx, input: await readJson(req) }), { status: 201 }));
