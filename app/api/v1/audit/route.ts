import { apiRoute } from "@/lib/api/handler";
import { auditExportStream } from "@/lib/export/audit";
import { openAuditExport } from "@/lib/services/audit/export-audit-log";
import { recordSensitiveRead } from "@/lib/services/audit/record-read";

/** The audit log, filtered, as a streamed JSON array or CSV download (admins); the export itself is audited. */
export const GET = apiRoute(({ req, ctx, db }) => {
  const { format, filter, batches } = openAuditExport({ db, ctx, input: Object.fromEntries(req.nextUrl.searchParams) });
  recordSensitiveRead(db, ctx, "auditExport", { targetType: "audit_log", detail: { format, ...filter } });
  const stamp = new Date().toISOString().slice(0, 10);
  return new Response(auditExportStream(batches, format), {
    headers: {
      "content-type": format === "csv" ? "text/csv; charset=utf-8" : "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="audit-log-${stamp}.${format}"`,
    },
  });
});
