import { CalendarPlus, Layers } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { AutoRefresh } from "@/components/schedules/auto-refresh";
import { FiringLinks, OutcomeBadge } from "@/components/schedules/firing-outcome";
import { DeleteScheduleButton, EditScheduleLink, EnabledSwitch, RunNowButton } from "@/components/schedules/schedule-controls";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/format";
import { isUnfinished, refreshPlan } from "@/lib/schedules-view/firings";
import { formatFireTime, hasSecondsField } from "@/lib/schedules-view/format";
import { describeTarget } from "@/lib/schedules-view/form-model";
import { listRunStatuses } from "@/lib/services/runs/list-run-statuses";
import { listSchedules } from "@/lib/services/schedules/manage-schedules";

export const metadata: Metadata = { title: "Schedules" };

export default async function SchedulesPage() {
  const ctx = await requirePageContext();
  const db = getDb();
  const schedules = listSchedules({ db, ctx });
  const statuses = listRunStatuses({ db, ctx, runIds: schedules.flatMap((s) => s.lastFiring?.runIds ?? []) });
  const nextFireAt = schedules.flatMap((s) => s.nextFireTimes.map((n) => n.at)).sort()[0] ?? null;
  const plan = refreshPlan({ nextFireAt, unfinished: [...statuses.values()].some(isUnfinished), now: Date.now() });
  const canLaunch = can.launchRun(ctx.actor);

  return (
    <>
      <PageHeader
        title="Schedules"
        description="Evaluations and comparisons that run by themselves. Times are shown in each schedule's own time zone."
        actions={
          canLaunch ? (
            <>
              <Link href="/batches/new" className={buttonClasses("secondary")}>
                <Layers size={15} aria-hidden /> New comparison batch
              </Link>
              <Link href="/schedules/new" className={buttonClasses("primary")}>
                <CalendarPlus size={15} aria-hidden /> New schedule
              </Link>
            </>
          ) : null
        }
      />
      <AutoRefresh intervalMs={plan.intervalMs} atMs={plan.atMs} />
      {schedules.length === 0 ? (
        <EmptyState title="No schedules yet">
          {canLaunch ? (
            <>
              Evaluate new checkpoints every night, or compare versions every week:{" "}
              <Link href="/schedules/new" className="text-accent-600 underline underline-offset-2 dark:text-accent-500">
                create the first schedule
              </Link>
              .
            </>
          ) : (
            "Members and admins can create schedules; you will see them here."
          )}
        </EmptyState>
      ) : (
        <Card>
          <Table>
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Cadence</Th>
                <Th>Next run</Th>
                <Th>Last firing</Th>
                <Th>Enabled</Th>
                <Th className="text-right">Actions</Th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => {
                const control = can.manageSchedule(ctx.actor, { createdById: s.owner?.id ?? null });
                return (
                  <tr key={s.id} data-testid="schedule-row" data-schedule-id={s.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/40">
                    <Td>
                      <Link href={`/schedules/${s.id}`} className="font-medium hover:underline">
                        {s.name}
                      </Link>
                      <div className="mt-0.5 text-xs text-zinc-500">
                        {describeTarget(s.target)}
                        {s.owner ? ` · ${s.owner.name}` : ""}
                      </div>
                    </Td>
                    <Td>
                      <div className="text-sm">{s.description}</div>
                      <code className="text-xs text-zinc-500">{s.cron}</code>
                    </Td>
                    <Td className="whitespace-nowrap tabular-nums">
                      {s.enabled ? (
                        <span title={s.nextFireTimes[0] ? formatDateTime(s.nextFireTimes[0].at) : undefined}>
                          {s.nextFireTimes[0] ? formatFireTime(s.nextFireTimes[0].at, s.timezone, hasSecondsField(s.cron)) : "—"}
                        </span>
                      ) : (
                        <Badge tone="amber">paused</Badge>
                      )}
                    </Td>
                    <Td>
                      {s.lastFiring ? (
                        <div className="space-y-1">
                          <div className="flex items-center gap-2">
                            <OutcomeBadge outcome={s.lastFiring.outcome} />
                            {/* The same time, in the same zone, as the schedule's own firing history shows it. */}
                            <span className="text-xs whitespace-nowrap text-zinc-500 tabular-nums" title={`fired ${formatDateTime(s.lastFiring.firedAt)}`} data-testid="last-firing-time">
                              {formatFireTime(s.lastFiring.scheduledAt, s.timezone, hasSecondsField(s.cron))}
                            </span>
                          </div>
                          <FiringLinks firing={s.lastFiring} statuses={statuses} />
                          {s.lastFiring.message ? <p className="max-w-xs truncate text-xs text-zinc-500" title={s.lastFiring.message}>{s.lastFiring.message}</p> : null}
                        </div>
                      ) : (
                        <span className="text-xs text-zinc-500">never fired</span>
                      )}
                    </Td>
                    <Td>
                      <EnabledSwitch scheduleId={s.id} name={s.name} enabled={s.enabled} disabled={!control} />
                    </Td>
                    <Td className="text-right">
                      {control ? (
                        <div className="flex items-start justify-end gap-1 whitespace-nowrap">
                          <RunNowButton scheduleId={s.id} name={s.name} />
                          <EditScheduleLink scheduleId={s.id} name={s.name} />
                          <DeleteScheduleButton scheduleId={s.id} name={s.name} />
                        </div>
                      ) : null}
                    </Td>
                  </tr>
                );
              })}
            </tbody>
          </Table>
        </Card>
      )}
    </>
  );
}
