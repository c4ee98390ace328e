import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { compareBenchmarks } from "@/lib/services/compare/benchmark-correlation";

export const GET = apiRoute(({ req, ctx, db }) => NextResponse.json(compareBenchmarks({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) })));
