import type { AuditEntryDto } from "@/lib/services/audit/list-audit-log";
import { csvField } from "./escape";

/**
 * The audit log download (a JSON array, or CSV) as a byte stream, one batch of entries per read: memory holds one
 * batch, and a slow client slows the reads. CSV cells go through `csvField`: an actor label or a detail an attacker
 * chose (an attempted sign-in e-mail, a user agent, a run name) arrives as text, never as a spreadsheet formula.
 */

const CSV_COLUMNS = [
  ["id", "id"],
  ["at", "at"],
  ["actor_id", "actorId"],
  ["actor", "actorLabel"],
  ["action", "action"],
  ["target_type", "targetType"],
  ["target_id", "targetId"],
  ["ip", "ip"],
  ["detail", "detail"],
  ["prev_hash", "prevHash"],
  ["hash", "hash"],
] as const satisfies ReadonlyArray<readonly [string, keyof AuditEntryDto]>;

function csvRow(entry: AuditEntryDto): string {
  return CSV_COLUMNS.map(([, key]) => csvField(key === "detail" ? (entry.detail ? JSON.stringify(entry.detail) : null) : entry[key])).join(",") + "\r\n";
}

export function auditExportStream(batches: AsyncIterator<AuditEntryDto[]>, format: "json" | "csv"): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let written = 0;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(format === "csv" ? CSV_COLUMNS.map(([name]) => name).join(",") + "\r\n" : "["));
    },
    async pull(controller) {
      const step = await batches.next();
      if (step.done) {
        if (format === "json") controller.enqueue(encoder.encode(written ? "\n]\n" : "]\n"));
        return controller.close();
      }
      const text =
        format === "csv" ? step.value.map(csvRow).join("") : step.value.map((entry, i) => `${written + i ? "," : ""}\n${JSON.stringify(entry)}`).join("");
      written += step.value.length;
      controller.enqueue(encoder.encode(text));
    },
    async cancel() {
      await batches.return?.(undefined);
    },
  });
}
