import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { searchMembers } from "@/lib/services/comments/sharing";

/** @mention autocomplete. */
export const GET = apiRoute(({ req, ctx, db }) => NextResponse.json({ items: searchMembers({ db, ctx, q: req.nextUrl.searchParams.get("q") ?? "" }) }));
