import { NextResponse } from "next/server";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { getHealth } from "@/lib/services/system/get-health";

export const dynamic = "force-dynamic";

/** Unauthenticated liveness/readiness probe; carries no secrets. */
export async function GET() {
  const { lmmsEvalDetail: _detail, ...health } = await getHealth(getDb(), getConfig().lmmsEvalCommand);
  return NextResponse.json(health, { status: health.db === "ok" ? 200 : 503 });
}
