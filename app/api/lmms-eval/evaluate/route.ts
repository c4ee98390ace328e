import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { submitEvaluation } from "@/lib/services/lmms-eval-protocol/jobs";

export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json(await submitEvaluation({ db, ctx, input: await readJson(req) })), { errors: "fastapi" });
