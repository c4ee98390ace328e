import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { queueStatus } from "@/lib/services/lmms-eval-protocol/jobs";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json(queueStatus({ db, ctx })), { errors: "fastapi" });
