import { Plus, Upload } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { RunsFilterBar } from "@/components/runs/runs-filter-bar";
import { RunsTable } from "@/components/runs/runs-table";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { parseRunsPage, RUNS_PAGE_SIZE, runsQueryString, toListRunsInput } from "@/lib/runs-view/filters";
import { listRuns, runListDetails } from "@/lib/services/runs/list-runs";
import { listTeamMembers } from "@/lib/services/users/list-users";

export const metadata: Metadata = { title: "Runs" };

export default async function RunsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const page = parseRunsPage(await searchParams);
  const db = getDb();
  const list = listRuns({ db, ctx, input: toListRunsInput(page, RUNS_PAGE_SIZE) });
  const details = runListDetails({ db, ctx, runIds: list.items.map((r) => r.id) });
  const queueLength = listRuns({ db, ctx, input: { status: "queued", limit: 1 } }).total;
  const members = listTeamMembers({ db, ctx });
  // Filter changes remount the live table and the filter fields; a re-render of the same URL keeps them.
  const key = runsQueryString(page, page.cursor) || "newest";
  return (
    <>
      <PageHeader
        title="Runs"
        description="Every lmms-eval run, live: queued, running and finished."
        actions={
          <>
            {can.importResults(ctx.actor) ? (
              <Link href="/runs/import" className={buttonClasses("secondary")}>
                <Upload size={15} aria-hidden /> Import results
              </Link>
            ) : null}
            {can.launchRun(ctx.actor) ? (
              <Link href="/runs/new" className={buttonClasses("primary")}>
                <Plus size={15} aria-hidden /> New run
              </Link>
            ) : null}
          </>
        }
      />
      <div className="space-y-3">
        <RunsFilterBar key={`filters-${key}`} filter={page} members={members} selfId={ctx.actor.id} />
        <RunsTable
          key={`table-${key}`}
          items={list.items}
          details={details}
          total={list.total}
          nextCursor={list.nextCursor}
          queueLength={queueLength}
          page={page}
          viewer={{ id: ctx.actor.id, email: ctx.actor.email, name: ctx.actor.name, role: ctx.actor.role }}
          serverNow={Date.now()}
        />
      </div>
    </>
  );
}
