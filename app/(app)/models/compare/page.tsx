import { ChevronRight, GitCompareArrows, Play } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ComparisonTable } from "@/components/models/compare/comparison-table";
import { ConfigDiffCard } from "@/components/models/compare/config-diff-card";
import { VersionPicker } from "@/components/models/compare/version-picker";
import { buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrProblem, NOT_ASKED } from "@/lib/page-load";
import { expandConfigDiff } from "@/lib/models-view/config-diff";
import { positiveId } from "@/lib/models-view/list-filters";
import { listAllVersions } from "@/lib/services/models/manage-models";
import { compareVersions } from "@/lib/services/models/performance";

export const metadata: Metadata = { title: "Compare versions" };

export default async function CompareVersionsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const query = await searchParams;
  const a = positiveId(query.a);
  const b = positiveId(query.b);
  const db = getDb();
  const versions = listAllVersions({ db, ctx });

  const { value: result, problem } =
    a && b && a === b ? { value: null, problem: "Pick two different versions." } : a && b ? loadOrProblem(() => compareVersions({ db, ctx, a, b })) : NOT_ASKED;
  // Archived models' versions are not in the picker list; keep the compared ones selectable anyway.
  const pickerVersions = [...versions];
  for (const side of result ? [result.a, result.b] : []) {
    if (!pickerVersions.some((v) => v.id === side.id)) pickerVersions.push({ id: side.id, label: side.label, modelId: 0, modelName: side.modelName, backend: "", status: "" });
  }
  // The service's diff holds the raw args; only masked rows are rendered (see lib/models-view/config-diff.ts).
  const labelOf = new Map(pickerVersions.map((v) => [v.id, v.label]));
  const diffRows = result ? expandConfigDiff(result.configDiff, { versionLabel: (id) => labelOf.get(id) }) : [];
  const labelA = result ? result.a.label : "A";
  const labelB = result ? result.b.label : "B";
  const sameModel = result && result.a.modelName === result.b.modelName;

  return (
    <>
      <nav aria-label="Breadcrumb" className="mb-2 flex items-center gap-1 text-xs text-zinc-500">
        <Link href="/models" className="hover:text-zinc-900 hover:underline dark:hover:text-zinc-100">
          Models
        </Link>
        <ChevronRight size={12} aria-hidden />
        <span className="text-zinc-700 dark:text-zinc-300">Compare versions</span>
      </nav>
      <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="flex flex-wrap items-center gap-2 text-xl font-semibold tracking-tight">
            <GitCompareArrows size={20} aria-hidden className="text-zinc-400" />
            {result ? (
              <>
                <span className="font-mono">{sameModel ? result.a.label : `${result.a.modelName} ${result.a.label}`}</span>
                <span className="text-zinc-400">vs</span>
                <span className="font-mono">{sameModel ? result.b.label : `${result.b.modelName} ${result.b.label}`}</span>
                {sameModel ? <span className="text-base font-normal text-zinc-500">· {result.a.modelName}</span> : null}
              </>
            ) : (
              "Compare versions"
            )}
          </h1>
          <p className="mt-1 text-sm text-zinc-500">What differs in their configuration, then their results side by side on every task both ran, with a significance test per metric.</p>
        </div>
        <VersionPicker versions={pickerVersions} a={a} b={b} />
      </div>

      {problem ? (
        <p role="alert" className="mb-5 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:bg-amber-950/40 dark:text-amber-200">
          {problem}
        </p>
      ) : null}

      {!result ? (
        !problem ? (
          <Card className="px-6 py-12 text-center">
            <p className="text-sm font-medium">Choose two versions</p>
            <p className="mt-1 text-sm text-zinc-500">Pick A (the reference) and B above, or tick two versions on a model&apos;s page and press Compare.</p>
          </Card>
        ) : null
      ) : (
        <div className="space-y-5">
          <ConfigDiffCard rows={diffRows} labelA={labelA} labelB={labelB} />
          {result.sharedTasks.length === 0 || result.comparison.rows.length === 0 ? (
            <Card className="px-6 py-12 text-center" >
              <p className="text-sm font-medium">No shared results yet</p>
              <p className="mx-auto mt-1 max-w-xl text-sm text-zinc-500">
                {result.sharedTasks.length === 0
                  ? "These versions have no succeeded run on a common task. Run the same task on both, then come back."
                  : "They ran the same tasks, but no metric has a value on both sides."}
              </p>
              {can.launchRun(ctx.actor) ? (
                <div className="mt-4 flex justify-center gap-2">
                  <Link href={`/runs/new?version=${result.a.id}`} className={buttonClasses("secondary", "sm")}>
                    <Play size={12} aria-hidden /> Launch {labelA}
                  </Link>
                  <Link href={`/runs/new?version=${result.b.id}`} className={buttonClasses("secondary", "sm")}>
                    <Play size={12} aria-hidden /> Launch {labelB}
                  </Link>
                </div>
              ) : null}
            </Card>
          ) : (
            <ComparisonTable comparison={result.comparison} labelA={labelA} labelB={labelB} sharedTasks={result.sharedTasks} />
          )}
        </div>
      )}
    </>
  );
}
