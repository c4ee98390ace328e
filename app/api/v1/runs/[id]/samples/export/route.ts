import { apiRoute } from "@/lib/api/handler";
import { RATE_LIMITS } from "@/lib/api/rate-limit";
import { SAMPLES_EXPORT_FORMATS, samplesExportStream, type SamplesExportFormat } from "@/lib/export/samples";
import { recordSensitiveRead } from "@/lib/services/audit/record-read";
import { InvalidInputError } from "@/lib/services/errors";
import { streamSamples } from "@/lib/services/results/list-samples";
import { loadVisibleRun } from "@/lib/services/runs/get-run";

/** The filtered samples view as JSONL or CSV, streamed a batch at a time. */
export const GET = apiRoute<{ id: string }>(async ({ req, params, ctx, db }) => {
  const query = Object.fromEntries(req.nextUrl.searchParams);
  const format = (query.format ?? "jsonl") as SamplesExportFormat;
  if (!SAMPLES_EXPORT_FORMATS.includes(format)) throw new InvalidInputError("format must be jsonl or csv");
  const batches = streamSamples({ db, ctx, runId: params.id, input: query });
  // The first batch is read here: an unknown run, a bad filter or a missing task fails as an error response.
  const first = await batches.next();
  // Recorded once the export is known to be served (a refused one writes nothing), between batches: no row iterator
  // is open on this connection then.
  recordSensitiveRead(db, ctx, "samplesExport", { targetType: "run", targetId: loadVisibleRun(db, ctx, params.id).id, detail: { format, task: query.task ?? null, filters: query } });
  const task = (query.task ?? "samples").replace(/[^\w.-]/g, "_");
  return new Response(samplesExportStream(first, batches, format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="run-${params.id}-${task}.${format}"`,
    },
  });
}, { rateLimit: RATE_LIMITS.download });
