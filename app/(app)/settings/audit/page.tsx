import type { Metadata } from "next";
import Link from "next/link";
import { AccessDenied } from "@/components/ui/access-denied";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { buttonClasses } from "@/components/ui/button";
import { Input } from "@/components/ui/field";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrProblem } from "@/lib/page-load";
import { formatDateTime } from "@/lib/format";
import { listAuditLog } from "@/lib/services/audit/list-audit-log";

export const metadata: Metadata = { title: "Audit log" };

type Search = Record<string, string | string[] | undefined>;
const FILTER_KEYS = ["actor", "action", "target", "from", "to"] as const;

export default async function AuditPage({ searchParams }: { searchParams: Promise<Search> }) {
  const ctx = await requirePageContext();
  if (!can.viewAuditLog(ctx.actor)) return <AccessDenied what="reading the audit log" />;
  const params = await searchParams;
  const filter: Record<string, string> = {};
  for (const key of [...FILTER_KEYS, "cursor"]) {
    const v = params[key];
    if (typeof v === "string" && v !== "") filter[key] = v;
  }
  const { value: result, problem: error } = loadOrProblem(() => listAuditLog({ db: getDb(), ctx, input: filter }));
  const nextHref = result?.nextCursor
    ? `?${new URLSearchParams({ ...Object.fromEntries(FILTER_KEYS.filter((k) => filter[k]).map((k) => [k, filter[k]])), cursor: String(result.nextCursor) })}`
    : null;
  return (
    <>
      <PageHeader title="Audit log" description="Every change, who made it, from where. Newest first." />
      <form className="mb-4 grid gap-2 sm:grid-cols-6" role="search">
        <Input name="actor" placeholder="Who (email, token, schedule)" defaultValue={filter.actor} aria-label="Actor" />
        <Input name="action" placeholder="Action, e.g. user." defaultValue={filter.action} aria-label="Action" />
        <Input name="target" placeholder="Target, e.g. user:3" defaultValue={filter.target} aria-label="Target" />
        <Input name="from" type="date" defaultValue={filter.from} aria-label="From date" />
        <Input name="to" type="date" defaultValue={filter.to} aria-label="To date" />
        <div className="flex gap-2">
          <button type="submit" className={buttonClasses("primary")}>
            Filter
          </button>
          <Link href="/settings/audit" className={buttonClasses("ghost")}>
            Clear
          </Link>
        </div>
      </form>
      {error ? <p role="alert" className="mb-4 text-sm text-red-600">{error}</p> : null}
      <Card>
        {!result || result.items.length === 0 ? (
          <div className="p-4">
            <EmptyState title="No entries match">Widen the filters or clear them.</EmptyState>
          </div>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>When</Th>
                <Th>Who</Th>
                <Th>Action</Th>
                <Th>Target</Th>
                <Th>From</Th>
                <Th>Detail</Th>
              </tr>
            </thead>
            <tbody>
              {result.items.map((e) => (
                <tr key={e.id}>
                  <Td className="whitespace-nowrap">{formatDateTime(e.at)}</Td>
                  <Td>{e.actorLabel}</Td>
                  <Td className="font-mono text-xs">{e.action}</Td>
                  <Td className="font-mono text-xs">{e.targetType ? `${e.targetType}:${e.targetId}` : "—"}</Td>
                  <Td className="font-mono text-xs">{e.ip ?? "—"}</Td>
                  <Td className="max-w-md truncate font-mono text-xs" title={e.detail ? JSON.stringify(e.detail) : undefined}>
                    {e.detail ? JSON.stringify(e.detail) : ""}
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      {nextHref ? (
        <div className="mt-4 flex justify-end">
          <Link href={nextHref} className={buttonClasses("secondary")}>
            Older entries →
          </Link>
        </div>
      ) : null}
    </>
  );
}
