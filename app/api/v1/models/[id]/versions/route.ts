import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { getModel } from "@/lib/services/models/manage-models";
import { createVersion, evaluateNewVersion } from "@/lib/services/models/manage-versions";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json({ items: getModel({ db, ctx, modelId: params.id }).versions }));

export const POST = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  const version = createVersion({ db, ctx, input: { ...body, modelId: params.id } });
  // A model set to "evaluate new versions" gets its evaluation queued right away.
  await evaluateNewVersion({ db, ctx, versionId: version.id });
  return NextResponse.json(version, { status: 201 });
});
