import { apiRoute } from "@/lib/api/handler";
import { recordSensitiveRead } from "@/lib/services/audit/record-read";
import { InvalidInputError } from "@/lib/services/errors";
import { iterateSamples, type SampleDto } from "@/lib/services/results/list-samples";
import { loadVisibleRun } from "@/lib/services/runs/get-run";

const CSV_COLUMNS: Array<keyof SampleDto> = ["task", "docId", "target", "response", "primaryMetric", "primaryScore", "correct", "category", "failure", "inputTokens", "outputTokens", "input"];

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? "" : typeof value === "string" ? value : JSON.stringify(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The filtered samples view as JSONL or CSV, streamed row by row. */
export const GET = apiRoute<{ id: string }>(({ req, params, ctx, db }) => {
  const query = Object.fromEntries(req.nextUrl.searchParams);
  const format = query.format ?? "jsonl";
  if (format !== "jsonl" && format !== "csv") throw new InvalidInputError("format must be jsonl or csv");
  // Recorded before the rows are read: an open row iterator would refuse the audit insert on this connection.
  recordSensitiveRead(db, ctx, "samplesExport", { targetType: "run", targetId: loadVisibleRun(db, ctx, params.id).id, detail: { format, task: query.task ?? null, filters: query } });
  const rows = iterateSamples({ db, ctx, runId: params.id, input: query });
  const first = rows.next();
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(CSV_COLUMNS.join(",") + "\n"));
      if (!first.done) controller.enqueue(encoder.encode(render(first.value)));
    },
    pull(controller) {
      // A few hundred rows per pull keeps memory flat and the response flowing.
      for (let i = 0; i < 500; i++) {
        const next = rows.next();
        if (next.done) return controller.close();
        controller.enqueue(encoder.encode(render(next.value)));
      }
    },
  });
  function render(sample: SampleDto): string {
    return format === "csv" ? CSV_COLUMNS.map((c) => csvCell(sample[c])).join(",") + "\n" : JSON.stringify(sample) + "\n";
  }
  const task = (query.task ?? "samples").replace(/[^\w.-]/g, "_");
  return new Response(stream, {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/x-ndjson; charset=utf-8",
      "content-disposition": `attachment; filename="run-${params.id}-${task}.${format}"`,
    },
  });
});
