import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { InvalidInputError } from "@/lib/services/errors";
import { getSample } from "@/lib/services/results/list-samples";

export const GET = apiRoute<{ id: string; task: string; docId: string }>(({ params, ctx, db }) => {
  const docId = Number(params.docId);
  if (!Number.isInteger(docId) || docId < 0) throw new InvalidInputError("docId must be a whole number");
  return NextResponse.json(getSample({ db, ctx, runId: params.id, task: decodeURIComponent(params.task), docId }));
});
