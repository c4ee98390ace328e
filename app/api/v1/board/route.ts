import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getBoard } from "@/lib/services/compare/board";

export const GET = apiRoute(({ req, ctx, db }) => NextResponse.json(getBoard({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) })));
