import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { getSecurityPolicy, updateSecurityPolicy } from "@/lib/services/security/update-security-policy";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json(getSecurityPolicy({ db, ctx })));

export const PUT = apiRoute(async ({ req, ctx, db }) => NextResponse.json(updateSecurityPolicy({ db, ctx, input: await readJson(req) })));
