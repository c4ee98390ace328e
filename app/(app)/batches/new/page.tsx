import type { Metadata } from "next";
import Link from "next/link";
import { BatchForm } from "@/components/batches/batch-form";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { emptyBatchForm } from "@/lib/schedules-view/form-model";
import { listAllVersions } from "@/lib/services/models/manage-models";
import { getExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

export const metadata: Metadata = { title: "New comparison batch" };

const list = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(",") : (value ?? "")).split(",").map((s) => s.trim()).filter(Boolean);

/** `?versions=1,2&tasks=mme,ai2d` prefills the form (links from elsewhere, e.g. the comparison board). */
export default async function NewBatchPage({ searchParams }: { searchParams: Promise<{ versions?: string | string[]; tasks?: string | string[] }> }) {
  const ctx = await requirePageContext();
  if (!can.launchRun(ctx.actor)) {
    return (
      <div role="alert" className="mx-auto max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-center dark:border-amber-900 dark:bg-amber-950/30">
        <h1 className="text-base font-semibold">Viewers cannot start batches</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">A batch launches runs; ask an administrator to make you a member if you need one.</p>
        <Link href="/compare" className={`${buttonClasses("secondary")} mt-4`}>
          Back to the comparison board
        </Link>
      </div>
    );
  }
  const sp = await searchParams;
  const db = getDb();
  const versions = listAllVersions({ db, ctx });
  const known = new Set(versions.map((v) => v.id));
  const catalogue = listTaskCatalogue({ db, ctx });
  // Like the new-run form: "Runs on" is offered only when Slurm is configured, preselecting the admin's default.
  const executorOptions = getExecutorOptions({ db, ctx });
  const initial = emptyBatchForm(
    list(sp.versions).map(Number).filter((id) => known.has(id)),
    list(sp.tasks),
    executorOptions.slurmAvailable ? executorOptions.defaultExecutor : null,
  );
  return (
    <>
      <PageHeader
        title="New comparison batch"
        description="Evaluate several versions on the same tasks with the same parameters, reusing results that already exist, then compare them on the board."
      />
      <BatchForm initial={initial} versions={versions} catalogue={{ items: catalogue.items, meta: catalogue.meta }} executorOptions={executorOptions} />
    </>
  );
}
