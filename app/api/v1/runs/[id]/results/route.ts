import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { NotFoundError } from "@/lib/services/errors";
import { getRunResults } from "@/lib/services/results/get-run-results";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  const results = getRunResults({ db, ctx, runId: params.id });
  if (!results) throw new NotFoundError(`Results of run #${params.id}`);
  return NextResponse.json(results);
});
