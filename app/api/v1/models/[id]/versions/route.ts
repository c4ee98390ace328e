import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { getModel } from "@/lib/services/models/manage-models";
import { registerVersion } from "@/lib/services/models/register-version";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json({ items: getModel({ db, ctx, modelId: params.id }).versions }));

/**
 * 201 with the version. A model set to "evaluate new versions" also gets `evaluation`: the queued run, or why it could
 * not be queued — the version is registered either way.
 */
export const POST = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  const { version, evaluation } = await registerVersion({ db, ctx, input: { ...body, modelId: params.id } });
  return NextResponse.json(evaluation ? { ...version, evaluation } : version, { status: 201 });
});
