import type { Metadata } from "next";
import { AuditFilters } from "@/components/settings/audit/audit-filters";
import { AuditTable } from "@/components/settings/audit/audit-table";
import { RetentionForm } from "@/components/settings/audit/retention-form";
import { AccessDenied } from "@/components/ui/access-denied";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { auditExportHref, auditViewHref, filterOf, hasAuditFilters, parseAuditPage } from "@/lib/audit-view/url-state";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrProblem } from "@/lib/page-load";
import { formatDateTime } from "@/lib/format";
import { formatCount } from "@/lib/number-format";
import { listAuditActions, listAuditLog } from "@/lib/services/audit/list-audit-log";
import { latestPruneCheckpoint } from "@/lib/services/audit/prune-audit-log";
import { MAX_RETENTION_DAYS, MIN_RETENTION_DAYS, readAuditRetention } from "@/lib/services/audit/retention";

export const metadata: Metadata = { title: "Audit log" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  if (!can.viewAuditLog(ctx.actor)) return <AccessDenied what="reading the audit log" />;
  const db = getDb();
  const view = parseAuditPage(await searchParams);
  const filter = filterOf(view);
  const { value: page, problem: error } = loadOrProblem(() => listAuditLog({ db, ctx, input: view }));
  const actions = listAuditActions({ db, ctx });
  const manage = can.manageSettings(ctx.actor);
  const retention = manage ? readAuditRetention(db) : null;
  const checkpoint = manage ? latestPruneCheckpoint(db) : null;
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Changes, sign-ins, exports and downloads, use of stored secrets and API tokens seen from new addresses: who, what, from where. Newest first; times in UTC."
        actions={
          <>
            <a href={auditExportHref(filter, "csv")} download className={buttonClasses("secondary", "sm")} title="Every entry matching the filters, as CSV">
              Download CSV
            </a>
            <a href={auditExportHref(filter, "json")} download className={buttonClasses("secondary", "sm")} title="Every entry matching the filters, as JSON">
              Download JSON
            </a>
          </>
        }
      />
      <AuditFilters filter={filter} actions={actions} />
      {error ? (
        <p role="alert" className="mb-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-950 dark:text-red-200">
          {error}
        </p>
      ) : null}
      <Card>
        {!page || page.items.length === 0 ? (
          <div className="p-4">
            <EmptyState title={hasAuditFilters(view) ? "No entries match" : "No entries yet"}>
              {hasAuditFilters(view) ? "Widen the filters or clear them." : "Changes, sign-ins and downloads appear here as they happen."}
            </EmptyState>
          </div>
        ) : (
          <AuditTable
            key={`${page.items[0].id}-${page.items.length}`}
            items={page.items}
            olderHref={page.nextCursor ? auditViewHref(filter, { cursor: page.nextCursor }) : null}
            newerHref={page.prevCursor ? auditViewHref(filter, { after: page.prevCursor }) : null}
          />
        )}
      </Card>
      {retention ? (
        <Card className="mt-6">
          <CardHeader
            title="Retention"
            description={
              <>
                Each entry holds the hash of the one before it, so a changed or deleted entry is detected by{" "}
                <code className="font-mono">npm run admin -- verify-audit</code>.{" "}
                {checkpoint
                  ? `Last pruned ${formatDateTime(checkpoint.at)}: ${formatCount(checkpoint.deleted)} entries up to #${checkpoint.prunedThroughId}.`
                  : "Nothing has been pruned."}
              </>
            }
          />
          <div className="px-4 py-4">
            <RetentionForm days={retention.days} minDays={MIN_RETENTION_DAYS} maxDays={MAX_RETENTION_DAYS} />
          </div>
        </Card>
      ) : null}
    </>
  );
}
