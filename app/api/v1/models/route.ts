import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createModel, listModels } from "@/lib/services/models/manage-models";

export const GET = apiRoute(({ req, ctx, db }) => NextResponse.json({ items: listModels({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) }) }));

export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json(createModel({ db, ctx, input: await readJson(req) }), { status: 201 }));
