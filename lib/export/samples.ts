import type { SampleDto } from "@/lib/services/results/list-samples";
import { csvField } from "./escape";

/**
 * The samples download (JSONL or CSV) as a byte stream, one batch of samples per read: memory holds one batch, and a
 * slow client slows the reads instead of filling the server's memory. CSV cells go through `csvField`, so a model
 * answer such as `=HYPERLINK(…)` arrives as text, never as a formula a spreadsheet would run.
 */

export const SAMPLES_EXPORT_FORMATS = ["jsonl", "csv"] as const;
export type SamplesExportFormat = (typeof SAMPLES_EXPORT_FORMATS)[number];

const CSV_COLUMNS = ["task", "docId", "target", "response", "primaryMetric", "primaryScore", "correct", "category", "failure", "inputTokens", "outputTokens", "input"] as const satisfies ReadonlyArray<keyof SampleDto>;

function render(sample: SampleDto, format: SamplesExportFormat): string {
  return format === "csv" ? CSV_COLUMNS.map((column) => csvField(sample[column])).join(",") + "\n" : JSON.stringify(sample) + "\n";
}

/** `first` is the batch the caller already read (so a bad request failed before the response started). */
export function samplesExportStream(first: IteratorResult<SampleDto[]>, rest: AsyncIterator<SampleDto[]>, format: SamplesExportFormat): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let pending: IteratorResult<SampleDto[]> | null = first;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      if (format === "csv") controller.enqueue(encoder.encode(CSV_COLUMNS.join(",") + "\n"));
    },
    async pull(controller) {
      const step = pending ?? (await rest.next());
      pending = null;
      if (step.done) return controller.close();
      controller.enqueue(encoder.encode(step.value.map((sample) => render(sample, format)).join("")));
    },
    async cancel() {
      await rest.return?.(undefined);
    },
  });
}
