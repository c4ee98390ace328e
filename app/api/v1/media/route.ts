import fs from "node:fs";
import { Readable } from "node:stream";
import { apiRoute } from "@/lib/api/handler";
import { requireActor } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { InvalidInputError } from "@/lib/services/errors";
import { resolveMediaFile } from "@/lib/services/results/resolve-media";

/** An image a sample refers to by path, served only from MEDIA_ROOTS. */
export const GET = apiRoute(({ req, ctx }) => {
  requireActor(ctx);
  const ref = req.nextUrl.searchParams.get("ref");
  if (!ref) throw new InvalidInputError("ref is required");
  const { file, contentType } = resolveMediaFile(ref, getConfig().mediaRoots);
  return new Response(Readable.toWeb(fs.createReadStream(file)) as ReadableStream, {
    headers: { "content-type": contentType, "cache-control": "private, max-age=3600", "x-content-type-options": "nosniff" },
  });
});
