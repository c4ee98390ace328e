import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { compareRuns } from "@/lib/services/compare/compare-runs";

export const GET = apiRoute(({ req, ctx, db }) => NextResponse.json(compareRuns({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) })));
