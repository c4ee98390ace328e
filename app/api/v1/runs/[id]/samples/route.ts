import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { RATE_LIMITS } from "@/lib/api/rate-limit";
import { listSamples } from "@/lib/services/results/list-samples";

export const GET = apiRoute<{ id: string }>(
  ({ req, params, ctx, db }) => NextResponse.json(listSamples({ db, ctx, runId: params.id, input: Object.fromEntries(req.nextUrl.searchParams) })),
  // Browsing pages is cheap; a search reads the index and is limited per user.
  { rateLimit: (req) => (req.nextUrl.searchParams.get("q")?.trim() ? RATE_LIMITS.search : null) },
);
