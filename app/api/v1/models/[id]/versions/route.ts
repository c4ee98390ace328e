import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { getModel } from "@/lib/services/models/manage-models";
import { createVersion } from "@/lib/services/models/manage-versions";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json({ items: getModel({ db, ctx, modelId: params.id }).versions }));

export const POST = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(createVersion({ db, ctx, input: { ...body, modelId: params.id } }), { status: 201 });
});
