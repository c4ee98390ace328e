import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { updateVersion } from "@/lib/services/models/manage-versions";

export const PATCH = apiRoute<{ versionId: string }>(async ({ req, params, ctx, db }) => {
  const body = (await readJson(req)) as Record<string, unknown>;
  return NextResponse.json(updateVersion({ db, ctx, input: { ...body, versionId: params.versionId } }));
});
