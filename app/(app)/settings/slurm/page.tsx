import type { Metadata } from "next";
import { Suspense } from "react";
import { SlurmSettingsForm } from "@/components/settings/slurm/slurm-settings-form";
import { SlurmToolsStatusCard, SlurmToolsStatusSkeleton } from "@/components/settings/slurm/slurm-tools-status";
import { AccessDenied } from "@/components/ui/access-denied";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import type { ServiceContext } from "@/lib/auth/actor";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { checkSlurmTools } from "@/lib/services/slurm/check-slurm-tools";
import { getSlurmSettings } from "@/lib/services/slurm/get-slurm-settings";
import { EXAMPLE_RUN_ID, previewBatchScript } from "@/lib/services/slurm/preview-batch-script";

export const metadata: Metadata = { title: "Slurm" };

/** sbatch/sinfo can take a while on a busy controller: this card streams in on its own. */
async function ClusterStatus({ ctx }: { ctx: ServiceContext }) {
  return <SlurmToolsStatusCard status={await checkSlurmTools({ ctx })} />;
}

export default async function SlurmSettingsPage() {
  const ctx = await requirePageContext();
  if (!can.manageSettings(ctx.actor)) return <AccessDenied what="changing the Slurm settings" />;
  const dashboardCommand = getConfig().lmmsEvalCommand;
  const settings = getSlurmSettings({ db: getDb(), ctx, dashboardCommand });
  const script = previewBatchScript({ ctx, settings, dashboardCommand });
  return (
    <>
      <PageHeader
        title="Slurm"
        description="Send runs to the team's Slurm cluster: the worker submits them with sbatch, follows them with squeue and their console files, and ingests their results like local runs."
      />
      <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_420px]">
        <Card>
          <CardHeader title="Settings" description={settings.configured ? "Slurm is available for runs." : "Slurm is off until a shared folder is set."} />
          <SlurmSettingsForm settings={settings} dashboardCommand={dashboardCommand.join(" ")} />
        </Card>
        <div className="min-w-0 space-y-6">
          <Suspense fallback={<SlurmToolsStatusSkeleton />}>
            <ClusterStatus ctx={ctx} />
          </Suspense>
          <Card>
            <CardHeader title="Batch script" description={`What run #${EXAMPLE_RUN_ID} would get with the saved settings (secret values are never in it).`} />
            {script ? (
              <pre className="max-h-[32rem] overflow-auto p-4 font-mono text-xs leading-5" data-testid="slurm-script-preview">
                {script}
              </pre>
            ) : (
              <p className="px-4 py-3 text-sm text-zinc-500">Set a shared folder and save to see the script.</p>
            )}
          </Card>
        </div>
      </div>
    </>
  );
}
