import { NextResponse } from "next/server";
import { buildOpenApiDocument } from "@/lib/api/openapi/document";
import { getConfig } from "@/lib/config";

/** The API description (public: it describes the interface, not data). */
export function GET() {
  return NextResponse.json(buildOpenApiDocument(getConfig().nextAuthUrl));
}
