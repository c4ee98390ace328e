import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { cancelJob, getJob } from "@/lib/services/lmms-eval-protocol/jobs";

export const GET = apiRoute<{ jobId: string }>(({ params, ctx, db }) => NextResponse.json(getJob({ db, ctx, jobId: params.jobId })), { errors: "fastapi" });
export const DELETE = apiRoute<{ jobId: string }>(({ params, ctx, db }) => NextResponse.json(cancelJob({ db, ctx, jobId: params.jobId })), { errors: "fastapi" });
