import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { deleteWebhook, updateWebhook } from "@/lib/services/notifications/webhooks";

export const PATCH = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(updateWebhook({ db, ctx, input: { ...body, webhookId: params.id } }));
});
export const DELETE = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  deleteWebhook({ db, ctx, webhookId: Number(params.id) });
  return new Response(null, { status: 204 });
});
