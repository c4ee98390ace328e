import { NextResponse } from "next/server";
import { apiRoute } from "@/lib/api/handler";
import { listDeliveries } from "@/lib/services/notifications/webhooks";

export const GET = apiRoute(({ ctx, db }) => NextResponse.json({ items: listDeliveries({ db, ctx }) }));
