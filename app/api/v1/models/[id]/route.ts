import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { getModel, updateModel } from "@/lib/services/models/manage-models";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json(getModel({ db, ctx, modelId: params.id })));

export const PATCH = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(updateModel({ db, ctx, input: { ...body, modelId: params.id } }));
});
