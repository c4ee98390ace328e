import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { getRunActivity } from "@/lib/services/comments/sharing";

export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => NextResponse.json({ items: getRunActivity({ db, ctx, runId: params.id }) }));
