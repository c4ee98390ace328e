import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { registerRunAsVersion } from "@/lib/services/models/register-run-version";

/** "Register as new version": a version made from the run's backend and model args, with the run linked to it. */
export const POST = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) =>
  NextResponse.json(registerRunAsVersion({ db, ctx, runId: params.id, input: await readJson(req) }), { status: 201 }),
);
