import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { compareVersions } from "@/lib/services/models/performance";

export const GET = apiRoute(({ req, ctx, db }) =>
  NextResponse.json(compareVersions({ db, ctx, a: req.nextUrl.searchParams.get("a"), b: req.nextUrl.searchParams.get("b") })),
);
