import type { Metadata } from "next";
import Link from "next/link";
import { NewRunForm } from "@/components/runs/new-run/new-run-form";
import { emptyFormState, prefillFromRun, prefillFromVersion, type BaseVersion, type RerunSource } from "@/components/runs/new-run/form-model";
import { RerunNotice } from "@/components/runs/new-run/rerun-notice";
import { buttonClasses } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { ServiceError } from "@/lib/services/errors";
import { getVersionForLaunch } from "@/lib/services/models/manage-versions";
import { getRun } from "@/lib/services/runs/get-run";
import { getExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

export const metadata: Metadata = { title: "New run" };

export default async function NewRunPage({ searchParams }: { searchParams: Promise<{ from?: string | string[]; version?: string | string[] }> }) {
  const ctx = await requirePageContext();
  if (!can.launchRun(ctx.actor)) {
    return (
      <div role="alert" className="mx-auto max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-center dark:border-amber-900 dark:bg-amber-950/30">
        <h1 className="text-base font-semibold">Viewers cannot launch runs</h1>
        <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Ask an administrator to make you a member if you need to start evaluations.</p>
        <Link href="/runs" className={`${buttonClasses("secondary")} mt-4`}>
          Back to runs
        </Link>
      </div>
    );
  }
  const { from, version } = await searchParams;
  const fromId = Array.isArray(from) ? from[0] : from;
  const versionId = Array.isArray(version) ? version[0] : version;
  const db = getDb();
  const catalogue = listTaskCatalogue({ db, ctx });
  const executorOptions = getExecutorOptions({ db, ctx });

  let initial = emptyFormState(executorOptions.defaultExecutor);
  let rerun: RerunSource | null = null;
  let missing: string | null = null;
  let baseVersion: BaseVersion | null = null;
  if (versionId && !fromId) {
    try {
      // Masked like every version that reaches a page; the server fills in the real values at launch (for their owner).
      baseVersion = getVersionForLaunch({ db, ctx, versionId });
      initial = prefillFromVersion(baseVersion, executorOptions.defaultExecutor);
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      missing = `Model version “${versionId}” could not be loaded (${error.message}); starting from an empty form.`;
    }
  }
  if (fromId) {
    try {
      // The RunDto, not the raw row: what reaches this page is already masked (see RerunNotice).
      const prefill = prefillFromRun(getRun({ db, ctx, runId: fromId }));
      // A Slurm run re-launched after Slurm was unconfigured runs here: the form could not offer the choice otherwise.
      initial = executorOptions.slurmAvailable ? prefill.state : { ...prefill.state, executor: "local" };
      rerun = prefill.source;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      missing = `Run “${fromId}” could not be loaded (${error.message}); starting from an empty form.`;
    }
  }

  return (
    <>
      <PageHeader
        title={rerun ? `Re-run #${rerun.runId}` : baseVersion ? `New run of ${baseVersion.modelName} ${baseVersion.label}` : "New run"}
        description={`Launch an lmms-eval evaluation ${executorOptions.slurmAvailable ? "on this machine or the Slurm cluster" : "on this machine"}. The dashboard adds --output_path, --log_samples and --timezone UTC.`}
        actions={
          <Link href="/runs" className={buttonClasses("secondary")}>
            All runs
          </Link>
        }
      />
      {missing ? (
        <p role="alert" className="mb-6 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          {missing}
        </p>
      ) : null}
      {rerun ? <RerunNotice source={rerun} /> : null}
      <NewRunForm items={catalogue.items} meta={catalogue.meta} models={catalogue.models} initial={initial} rerun={rerun} baseVersion={baseVersion} slurmAvailable={executorOptions.slurmAvailable} viewerId={ctx.actor.id} />
    </>
  );
}
