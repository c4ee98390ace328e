import fs from "node:fs";
import { Readable } from "node:stream";
import { apiRoute } from "@/lib/api/handler";
import { getConfig } from "@/lib/config";
import { runFolder } from "@/lib/run-folder";
import { recordSensitiveRead } from "@/lib/services/audit/record-read";
import { NotFoundError } from "@/lib/services/errors";
import { loadVisibleRun } from "@/lib/services/runs/get-run";

/** The full console (secrets were masked when it was written) as a download. */
export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  const run = loadVisibleRun(db, ctx, params.id);
  const file = runFolder(getConfig().runsDir, run.id).consoleLog;
  if (!fs.existsSync(file)) throw new NotFoundError(`The console of run #${run.id}`);
  recordSensitiveRead(db, ctx, "consoleDownload", { targetType: "run", targetId: run.id });
  const stream = Readable.toWeb(fs.createReadStream(file)) as ReadableStream;
  return new Response(stream, {
    headers: {
      "content-type": "text/plain; charset=utf-8",
      "content-disposition": `attachment; filename="run-${run.id}-console.log"`,
    },
  });
});
