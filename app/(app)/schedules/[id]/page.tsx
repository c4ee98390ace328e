import { ArrowLeft, ChevronRight } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { AutoRefresh } from "@/components/schedules/auto-refresh";
import { FiringLinks, OutcomeBadge } from "@/components/schedules/firing-outcome";
import { DeleteScheduleButton, EditScheduleLink, EnabledSwitch, RunNowButton } from "@/components/schedules/schedule-controls";
import { Badge } from "@/components/ui/badge";
import { buttonClasses } from "@/components/ui/button";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNotFound } from "@/lib/page-load";
import { formatDateTime } from "@/lib/format";
import { isUnfinished, lateness, refreshPlan, TRIGGER_LABEL } from "@/lib/schedules-view/firings";
import { formatFireTime, hasSecondsField } from "@/lib/schedules-view/format";
import { describeParams } from "@/lib/schedules-view/params";
import { MISFIRE_HELP, OVERLAP_HELP } from "@/lib/schedules-view/presets";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { listAllVersions } from "@/lib/services/models/manage-models";
import { listRunStatuses } from "@/lib/services/runs/list-run-statuses";
import { getSchedule, listFirings } from "@/lib/services/schedules/manage-schedules";

const PAGE_SIZE = 25;

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  const { id } = await params;
  return { title: /^\d+$/.test(id) ? `Schedule ${id}` : "Schedule" };
}

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[7rem_1fr] gap-2 py-1.5 text-sm">
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

export default async function SchedulePage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ cursor?: string | string[] }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const { cursor: rawCursor } = await searchParams;
  const cursor = Array.isArray(rawCursor) ? rawCursor[0] : rawCursor;
  const db = getDb();
  const schedule = loadOrNotFound(() => getSchedule({ db, ctx, scheduleId: id }));
  const firings = listFirings({ db, ctx, scheduleId: schedule.id, input: { limit: PAGE_SIZE, ...(cursor && /^\d+$/.test(cursor) ? { cursor } : {}) } });
  const statuses = listRunStatuses({ db, ctx, runIds: firings.items.flatMap((f) => f.runIds) });
  const versions = new Map(listAllVersions({ db, ctx }).map((v) => [v.id, v]));
  const versionName = (vid: number) => (versions.get(vid) ? `${versions.get(vid)!.modelName} · ${versions.get(vid)!.label}` : `version ${vid}`);
  const plan = refreshPlan({ nextFireAt: schedule.nextFireTimes[0]?.at ?? null, unfinished: [...statuses.values()].some(isUnfinished), now: Date.now() });
  const control = !schedule.deleted && can.manageSchedule(ctx.actor, { createdById: schedule.owner?.id ?? null });
  const target = schedule.target;
  const params_ = describeParams(target.params);
  const seconds = hasSecondsField(schedule.cron);

  return (
    <>
      <Link href="/schedules" className="mb-2 inline-flex items-center gap-1 text-xs text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
        <ArrowLeft size={12} aria-hidden /> Schedules
      </Link>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {schedule.name}
            {schedule.deleted ? <Badge tone="red">deleted</Badge> : schedule.enabled ? <Badge tone="green">enabled</Badge> : <Badge tone="amber">paused</Badge>}
          </span>
        }
        description={schedule.description}
        actions={
          control ? (
            <div className="flex flex-wrap items-start gap-2">
              <div className="flex items-center gap-2 pt-1.5 text-sm text-zinc-600 dark:text-zinc-400">
                <EnabledSwitch scheduleId={schedule.id} name={schedule.name} enabled={schedule.enabled} />
                <span aria-hidden>{schedule.enabled ? "Enabled" : "Paused"}</span>
              </div>
              <RunNowButton scheduleId={schedule.id} name={schedule.name} size="md" />
              <EditScheduleLink scheduleId={schedule.id} name={schedule.name} size="md" />
              <DeleteScheduleButton scheduleId={schedule.id} name={schedule.name} back size="md" />
            </div>
          ) : null
        }
      />
      {!schedule.deleted ? <AutoRefresh intervalMs={plan.intervalMs} atMs={plan.atMs} /> : null}
      {schedule.deleted ? (
        <p role="status" className="mb-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          This schedule was deleted: it no longer fires. Its firing history and runs are kept below.
        </p>
      ) : null}

      <div className="grid gap-5 lg:grid-cols-3">
        <Card>
          <CardHeader title="Cadence" description={<code className="font-mono">{schedule.cron}</code>} />
          <div className="px-4 py-3">
            <dl>
              <Detail label="Time zone">
                <span className="font-mono text-[13px]">{schedule.timezone}</span>
              </Detail>
              <Detail label="Next runs">
                {schedule.nextFireTimes.length ? (
                  <ol className="space-y-0.5 font-mono text-[13px] tabular-nums" aria-label="Next fire times" data-testid="next-fire-times">
                    {schedule.nextFireTimes.map((n) => (
                      <li key={n.at} title={formatDateTime(n.at)}>
                        {formatFireTime(n.at, schedule.timezone, seconds)}
                      </li>
                    ))}
                  </ol>
                ) : (
                  <span className="text-zinc-500" data-testid="next-fire-times-none">
                    none — {schedule.deleted ? "deleted" : "paused"}
                  </span>
                )}
              </Detail>
            </dl>
          </div>
        </Card>
        <Card>
          <CardHeader title="What it runs" description={target.type === "comparison" ? "A comparison batch per firing; identical results are reused." : "One run per version per firing."} />
          <div className="px-4 py-3">
            <dl>
              <Detail label="Kind">{target.type === "comparison" ? "Comparison batch" : "Evaluation"}</Detail>
              <Detail label="Versions">
                <ul className="space-y-0.5">
                  {target.modelVersionIds.map((vid) => (
                    <li key={vid}>
                      {versionName(vid)}
                      {target.type === "comparison" && target.baselineVersionId === vid ? (
                        <Badge tone="violet" className="ml-1.5">
                          baseline
                        </Badge>
                      ) : null}
                    </li>
                  ))}
                </ul>
              </Detail>
              <Detail label="Tasks">
                <span className="flex flex-wrap gap-1">
                  {target.tasks.map((t) => (
                    <code key={t} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-xs dark:bg-zinc-800">
                      {t}
                    </code>
                  ))}
                </span>
              </Detail>
              <Detail label="Parameters">{params_ || <span className="text-zinc-500">lmms-eval defaults</span>}</Detail>
            </dl>
          </div>
        </Card>
        <Card>
          <CardHeader title="Policies" />
          <div className="px-4 py-3">
            <dl>
              <Detail label="Overlap">
                <span className="font-medium">{OVERLAP_HELP[schedule.overlap].label}</span>
                <span className="block text-xs text-zinc-500">{OVERLAP_HELP[schedule.overlap].help}</span>
              </Detail>
              <Detail label="Missed runs">
                <span className="font-medium">{MISFIRE_HELP[schedule.misfire].label}</span>
                <span className="block text-xs text-zinc-500">{MISFIRE_HELP[schedule.misfire].help}</span>
              </Detail>
              <Detail label="Owner">{schedule.owner?.name ?? <span className="text-zinc-500">nobody — it cannot fire</span>}</Detail>
              <Detail label="Updated">{formatDateTime(schedule.updatedAt)}</Detail>
            </dl>
          </div>
        </Card>
      </div>

      <Card className="mt-5">
        <CardHeader
          title="Firing history"
          description={`Every time the schedule fired, newest first. Scheduled times are in ${schedule.timezone}.`}
          actions={
            cursor ? (
              <Link href={`/schedules/${schedule.id}`} className={buttonClasses("ghost", "sm")}>
                Newest
              </Link>
            ) : null
          }
        />
        {firings.items.length === 0 ? (
          <div className="p-4">
            <EmptyState title={cursor ? "No older firings" : "It has not fired yet"}>
              {schedule.nextFireTimes[0] ? `The first firing is due ${schedule.nextFireTimes[0].local}.` : control ? "Resume it, or use Run now." : null}
            </EmptyState>
          </div>
        ) : (
          <Table>
            <thead>
              <tr>
                <Th>Scheduled</Th>
                <Th>Fired</Th>
                <Th>Trigger</Th>
                <Th>Outcome</Th>
                <Th>Message</Th>
                <Th>Runs / batch</Th>
              </tr>
            </thead>
            <tbody>
              {firings.items.map((f) => (
                <tr key={f.id} data-testid="firing-row" data-outcome={f.outcome}>
                  <Td className="whitespace-nowrap font-mono text-[13px] tabular-nums" title={formatDateTime(f.scheduledAt)} data-testid="firing-time">
                    {formatFireTime(f.scheduledAt, schedule.timezone, seconds)}
                  </Td>
                  <Td className="whitespace-nowrap text-xs text-zinc-500 tabular-nums" title={formatDateTime(f.firedAt)}>
                    {lateness(f)}
                  </Td>
                  <Td className="whitespace-nowrap text-xs">{TRIGGER_LABEL[f.trigger] ?? f.trigger}</Td>
                  <Td>
                    <OutcomeBadge outcome={f.outcome} />
                  </Td>
                  <Td className="max-w-md text-xs text-zinc-600 dark:text-zinc-400">{f.message ?? ""}</Td>
                  <Td>
                    <FiringLinks firing={f} statuses={statuses} />
                  </Td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
        {firings.nextCursor ? (
          <div className="flex justify-end border-t border-zinc-200 px-4 py-2 dark:border-zinc-800">
            <Link href={`/schedules/${schedule.id}?cursor=${firings.nextCursor}`} className={buttonClasses("secondary", "sm")}>
              Older firings <ChevronRight size={13} aria-hidden />
            </Link>
          </div>
        ) : null}
      </Card>
    </>
  );
}
