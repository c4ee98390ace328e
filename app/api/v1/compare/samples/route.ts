import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { RATE_LIMITS } from "@/lib/api/rate-limit";
import { sampleDiff } from "@/lib/services/compare/sample-diff";

export const GET = apiRoute(({ req, ctx, db }) => NextResponse.json(sampleDiff({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) })), { rateLimit: RATE_LIMITS.sampleDiff });
