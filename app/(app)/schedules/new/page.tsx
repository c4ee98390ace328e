import type { Metadata } from "next";
import Link from "next/link";
import { ScheduleForm } from "@/components/schedules/schedule-form";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { emptyScheduleForm } from "@/lib/schedules-view/form-model";
import { listAllVersions } from "@/lib/services/models/manage-models";
import { getExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

export const metadata: Metadata = { title: "New schedule" };

export default async function NewSchedulePage() {
  const ctx = await requirePageContext();
  if (!can.launchRun(ctx.actor)) {
    return (
      <div role="alert" className="mx-auto max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-center dark:border-amber-900 dark:bg-amber-950/30">
        <h1 className="text-base font-semibold">Viewers cannot create schedules</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Schedules launch runs; ask an administrator to make you a member if you need one.</p>
        <Link href="/schedules" className={`${buttonClasses("secondary")} mt-4`}>
          Back to schedules
        </Link>
      </div>
    );
  }
  const db = getDb();
  const catalogue = listTaskCatalogue({ db, ctx });
  // Like the new-run form: "Runs on" is offered only when Slurm is configured, preselecting the admin's default.
  const executorOptions = getExecutorOptions({ db, ctx });
  const initial = emptyScheduleForm("UTC", executorOptions.slurmAvailable ? executorOptions.defaultExecutor : null);
  return (
    <>
      <PageHeader title="New schedule" description="Run an evaluation or a comparison batch on a cadence. It fires as you, with your permissions." />
      <ScheduleForm scheduleId={null} initial={initial} versions={listAllVersions({ db, ctx })} catalogue={{ items: catalogue.items, meta: catalogue.meta }} executorOptions={executorOptions} />
    </>
  );
}
