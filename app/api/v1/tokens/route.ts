import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { createApiToken } from "@/lib/services/tokens/create-api-token";
import { listApiTokens } from "@/lib/services/tokens/list-api-tokens";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json({ tokens: listApiTokens({ db, ctx }) }));

export const POST = apiRoute(async ({ req, ctx, db }) => NextResponse.json(createApiToken({ db, ctx, input: await readJson(req) }), { status: 201 }));
