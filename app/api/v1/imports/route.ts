import fs from "node:fs";
import { NextResponse } from "next/server";
import { apiRoute, readJson } from "@/lib/api/handler";
import { authorize, can } from "@/lib/auth/permissions";
import { getConfig } from "@/lib/config";
import { importFolder, previewImport, resolveServerImportPath } from "@/lib/services/results/import-runs";
import { importUploadsDir, receiveUpload } from "@/lib/services/results/receive-upload";
import { effectivePolicy, uploadLimits } from "@/lib/services/security/policy";

/**
 * Import lmms-eval output made elsewhere: multipart field `files` (results JSON + samples JSONL, or .zip/.tar.gz of a
 * logs folder), or `{"path": "/server/folder"}` for admins (inside IMPORT_ROOTS). `?dryRun=true` previews only.
 */
export const POST = apiRoute(async ({ req, ctx, db }) => {
  authorize(ctx, can.importResults);
  const dryRun = req.nextUrl.searchParams.get("dryRun") === "true";
  const config = getConfig();
  const isMultipart = (req.headers.get("content-type") ?? "").startsWith("multipart/form-data");
  let folder: string;
  let uploaded = false;
  if (isMultipart) {
    folder = await receiveUpload(req, importUploadsDir(config.dataDir), uploadLimits(effectivePolicy(db)));
    uploaded = true;
  } else {
    const body = (await readJson(req)) as { path?: unknown };
    folder = resolveServerImportPath(ctx, body?.path, config.importRoots);
  }
  try {
    if (dryRun) {
      const { candidates } = await previewImport(db, folder);
      return NextResponse.json({ candidates });
    }
    const result = await importFolder({ db, ctx, folder });
    return NextResponse.json(result, { status: 201 });
  } finally {
    if (uploaded) fs.rmSync(folder, { recursive: true, force: true });
  }
});
