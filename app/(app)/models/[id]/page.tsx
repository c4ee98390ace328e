import type { Metadata } from "next";
import Link from "next/link";
import { EvaluateNewVersionsCard, type AutoEvaluationEditing } from "@/components/models/evaluate-new-versions";
import { LineageTree } from "@/components/models/lineage-tree";
import { ModelHeader } from "@/components/models/model-header";
import { BestVersionsCard, LatestScoresCard, PerformanceChartCard } from "@/components/models/performance-section";
import { VersionsTable } from "@/components/models/versions-table";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrNotFound, loadOrNull } from "@/lib/page-load";
import { benchmarkKey, pickBenchmark } from "@/lib/models-view/benchmarks";
import { first, positiveId } from "@/lib/models-view/list-filters";
import { getModel } from "@/lib/services/models/manage-models";
import { modelHistory } from "@/lib/services/models/performance";
import { getExecutorOptions } from "@/lib/services/slurm/get-executor-options";
import { listTaskCatalogue } from "@/lib/services/tasks/list-task-catalogue";

type Props = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  const ctx = await requirePageContext();
  return { title: loadOrNull(() => getModel({ db: getDb(), ctx, modelId: id }))?.name ?? "Model" };
}

export default async function ModelPage({ params, searchParams }: Props) {
  const ctx = await requirePageContext();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  const db = getDb();
  const model = loadOrNotFound(() => getModel({ db, ctx, modelId: id }));
  const history = modelHistory({ db, ctx, input: { modelId: model.id } });
  const selected = pickBenchmark(history.benchmarks, history.series, first(query.bench) || null);
  const owned = { createdById: model.createdBy?.id ?? null };
  const permissions = {
    canEdit: can.editOwned(ctx.actor, owned),
    canLaunch: can.launchRun(ctx.actor),
    canCreate: can.createOwned(ctx.actor),
    modelActive: model.status === "active",
  };
  const versionRefs = model.versions.map((v) => ({ id: v.id, label: v.label }));
  // Only the owner (or an admin) changes "evaluate new versions"; the task catalogue is loaded for them alone.
  let autoEvaluation: AutoEvaluationEditing | null = null;
  if (permissions.canEdit && permissions.canLaunch && permissions.modelActive) {
    const catalogue = listTaskCatalogue({ db, ctx });
    autoEvaluation = { catalogue: { items: catalogue.items, meta: catalogue.meta }, executorOptions: getExecutorOptions({ db, ctx }) };
  }
  const createdId = positiveId(query.created);
  const created = createdId ? model.versions.find((v) => v.id === createdId) : undefined;
  const evaluationRun = positiveId(query.evaluationRun);

  return (
    <>
      <ModelHeader model={model} canEdit={permissions.canEdit} canCreateVersion={permissions.canCreate} />
      <div className="space-y-5">
        {created && evaluationRun ? (
          <p role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 dark:bg-emerald-950 dark:text-emerald-200">
            Version <span className="font-mono">{created.label}</span> was registered, and its evaluation was queued as{" "}
            <Link href={`/runs/${evaluationRun}`} className="font-medium underline">
              run #{evaluationRun}
            </Link>
            .
          </p>
        ) : null}
        <section id="versions" aria-label="Versions" className="scroll-mt-20">
          <VersionsTable modelId={model.id} versions={model.versions} permissions={permissions} highlightId={createdId} />
        </section>
        <div className="grid gap-5 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <section aria-label="Performance over time" className="min-w-0">
            <PerformanceChartCard history={history} selected={selected} versions={versionRefs} canLaunch={permissions.canLaunch} />
          </section>
          <div className="space-y-5">
            <EvaluateNewVersionsCard modelId={model.id} modelName={model.name} setting={model.evaluateNewVersions} editing={autoEvaluation} />
            <BestVersionsCard history={history} versions={versionRefs} />
            <LineageTree versions={model.versions} />
          </div>
        </div>
        <section aria-label="Latest scores">
          <LatestScoresCard history={history} versions={versionRefs} selectedKey={selected ? benchmarkKey(selected) : null} />
        </section>
      </div>
    </>
  );
}
