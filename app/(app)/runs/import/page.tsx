import { ArrowLeft } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { ServerPathImport } from "@/components/import/server-path-import";
import { UploadImport } from "@/components/import/upload-import";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { can } from "@/lib/auth/permissions";
import { requirePageContext } from "@/lib/auth/session";
import { getDb } from "@/lib/db";
import { getConfig } from "@/lib/config";
import { listModels } from "@/lib/services/models/manage-models";
import { formatLimit } from "@/lib/services/results/receive-upload";
import { effectivePolicy, uploadLimits } from "@/lib/services/security/policy";

export const metadata: Metadata = { title: "Import runs" };

export default async function ImportRunsPage() {
  const ctx = await requirePageContext();
  const back = (
    <Link href="/runs" className="mb-2 inline-flex items-center gap-1 rounded text-xs text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">
      <ArrowLeft size={12} aria-hidden /> All runs
    </Link>
  );
  if (!can.importResults(ctx.actor)) {
    return (
      <>
        {back}
        <div role="alert" className="mx-auto max-w-md rounded-lg border border-amber-300 bg-amber-50 p-6 text-center dark:border-amber-900 dark:bg-amber-950/30">
          <h1 className="text-base font-semibold">Members and administrators only</h1>
          <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">Viewers can read every run but not import new ones. Ask an administrator for the member role.</p>
        </div>
      </>
    );
  }
  const serverPath = can.importFromServerPath(ctx.actor);
  const uploadLimit = formatLimit(uploadLimits(effectivePolicy(getDb())).maxBytes);
  // For "register as new version" after an import: active models only (archived ones take no new versions).
  const models = listModels({ db: getDb(), ctx, input: { status: "active" } })
    .map((m) => ({ id: m.id, name: m.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return (
    <>
      {back}
      <PageHeader
        title="Import runs"
        description="Bring in lmms-eval output made elsewhere. Each results file becomes a run with its metrics and samples; files imported before are recognised and not duplicated."
      />
      <div className="grid max-w-5xl gap-6">
        <Card>
          <CardHeader title="Upload from this computer" description={`Results JSON + samples JSONL files, a whole logs folder, or a .zip / .tar.gz of it (up to ${uploadLimit} per import).`} />
          <UploadImport models={models} />
        </Card>
        {serverPath ? (
          <Card>
            <CardHeader title="Import from a server folder" description="For large logs already on this machine. Administrators only." />
            <ServerPathImport importRoots={getConfig().importRoots} models={models} />
          </Card>
        ) : null}
      </div>
    </>
  );
}
