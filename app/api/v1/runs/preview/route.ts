import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { previewRunCommand } from "@/lib/services/runs/create-run";

/** The command a POST /api/v1/runs with the same body would run (secrets masked, run id as `<id>`); nothing is queued. */
export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json(previewRunCommand({ db, ctx, input: await readJson(req) })));
