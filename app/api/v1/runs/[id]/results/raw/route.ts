import { apiRoute } from "@/lib/api/handler";
import { recordSensitiveRead } from "@/lib/services/audit/record-read";
import { NotFoundError } from "@/lib/services/errors";
import { getRawResults } from "@/lib/services/results/get-run-results";

/** The results JSON exactly as lmms-eval wrote it and as it was ingested. */
export const GET = apiRoute<{ id: string }>(({ params, ctx, db }) => {
  const raw = getRawResults({ db, ctx, runId: params.id });
  if (!raw) throw new NotFoundError(`Results of run #${params.id}`);
  recordSensitiveRead(db, ctx, "resultsDownload", { targetType: "run", targetId: Number(params.id), detail: { file: raw.fileName } });
  return new Response(raw.text, {
    headers: { "content-type": "application/json; charset=utf-8", "content-disposition": `attachment; filename="run-${params.id}-${raw.fileName}"` },
  });
});
