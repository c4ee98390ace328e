import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createRun } from "@/lib/services/runs/create-run";
import { listRuns } from "@/lib/services/runs/list-runs";

export const GET = apiRoute(({ req, ctx, db }) =>
  NextResponse.json(listRuns({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) })),
);

export const POST = apiRoute(async ({ req, ctx, db }) => {
  const run = await createRun({ db, ctx, input: await readJson(req) });
  return NextResponse.json({ id: run.id, status: run.status }, { status: 201 });
});
