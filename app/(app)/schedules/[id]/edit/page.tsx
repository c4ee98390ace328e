import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ScheduleForm } from "@/components/schedules/schedule-form";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNotFound } from "@/lib/page-load";
import { scheduleFormFrom } from "@/lib/schedules-view/form-model";
import { listAllVersions } from "@/lib/services/models/manage-models";
import { getSchedule } from "@/lib/services/schedules/manage-schedules";
import { getExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

export const metadata: Metadata = { title: "Edit schedule" };

export default async function EditSchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const ctx = await requirePageContext();
  const { id } = await params;
  const db = getDb();
  const schedule = loadOrNotFound(() => getSchedule({ db, ctx, scheduleId: id }));
  if (schedule.deleted) notFound();
  if (!can.manageSchedule(ctx.actor, { createdById: schedule.owner?.id ?? null })) {
    return (
      <div role="alert" className="mx-auto max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-center dark:border-amber-900 dark:bg-amber-950/30">
        <h1 className="text-base font-semibold">Only its owner or an admin can edit this schedule</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">“{schedule.name}” belongs to {schedule.owner?.name ?? "nobody"}.</p>
        <Link href={`/schedules/${schedule.id}`} className={`${buttonClasses("secondary")} mt-4`}>
          Back to the schedule
        </Link>
      </div>
    );
  }
  const catalogue = listTaskCatalogue({ db, ctx });
  // Owners and admins only (checked above): both may launch, so both get the new-run form's executor choice.
  const executorOptions = getExecutorOptions({ db, ctx });
  const initial = scheduleFormFrom(schedule, executorOptions.slurmAvailable ? executorOptions.defaultExecutor : null);
  return (
    <>
      <PageHeader title={`Edit “${schedule.name}”`} description="Changes apply to the next firing; past firings and their runs stay as they were." />
      <ScheduleForm scheduleId={schedule.id} initial={initial} versions={listAllVersions({ db, ctx })} catalogue={{ items: catalogue.items, meta: catalogue.meta }} executorOptions={executorOptions} />
    </>
  );
}
