import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createComment, listComments } from "@/lib/services/comments/comments";

/** Comparison discussions: `?comparison=runs:3,7`. */
export const GET = apiRoute(({ req, ctx, db }) => NextResponse.json({ items: listComments({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) }) }));
export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json(createComment({ db, ctx, input: await readJson(req) }), { status: 201 }));
