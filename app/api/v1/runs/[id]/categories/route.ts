import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { InvalidInputError } from "@/lib/services/errors";
import { categoryBreakdown } from "@/lib/services/results/list-samples";

export const GET = apiRoute<{ id: string }>(({ req, params, ctx, db }) => {
  const task = req.nextUrl.searchParams.get("task");
  if (!task) throw new InvalidInputError("task is required");
  return NextResponse.json({ items: categoryBreakdown({ db, ctx, runId: params.id, task }) });
});
