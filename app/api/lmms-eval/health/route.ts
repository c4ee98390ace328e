import { eq, count } from "drizzle-orm";
import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { runs } from "@/db/schema";

export const dynamic = "force-dynamic";

/** lmms-eval's `GET /health` (unauthenticated there too): `EvalClient.is_healthy()` checks `status == "healthy"`. */
export function GET() {
  const queued = getDb().select({ n: count() }).from(runs).where(eq(runs.status, "queued")).get()?.n ?? 0;
  return NextResponse.json({ status: "healthy", timestamp: new Date().toISOString(), queue_size: queued });
}
