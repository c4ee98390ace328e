import type { Metadata } from "next";
import { Badge } from "@/components/ui/badge";
import { Card, CardHeader, PageHeader } from "@/components/ui/card";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { getConfig } from "@/lib/config";
import { formatDateTime } from "@/lib/format";
import { getHealth, getWorkerStatus } from "@/lib/services/system/get-health";

export const metadata: Metadata = { title: "System" };

const SOURCE_TEXT = {
  env: "from LMMS_EVAL_CMD",
  setup: "recorded by npm run setup:lmms-eval",
  path: "lmms-eval found on PATH",
  default: "default (python3 -m lmms_eval)",
} as const;

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <>
      <dt className="text-zinc-500">{label}</dt>
      <dd className="min-w-0 break-words">{children}</dd>
    </>
  );
}

export default async function SystemPage() {
  await requirePageContext();
  const db = getDb();
  const config = getConfig();
  const health = await getHealth(db, config.lmmsEvalCommand);
  const worker = getWorkerStatus(db);
  const lmms = health.lmmsEvalDetail;
  return (
    <>
      <PageHeader title="System" description="The same checks as GET /api/health, with details." />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title="lmms-eval" actions={lmms.found ? <Badge tone="green">found</Badge> : <Badge tone="red">not found</Badge>} />
          <dl className="grid grid-cols-[120px_1fr] gap-y-2 px-4 py-3 text-sm">
            <Row label="Version">{lmms.version ?? "—"}</Row>
            <Row label="Command">
              <code className="font-mono text-xs" data-testid="lmms-eval-command">{config.lmmsEvalCommand.join(" ")}</code>
              <span className="ml-2 text-xs text-zinc-500">({SOURCE_TEXT[config.lmmsEvalCommandSource]})</span>
            </Row>
            {!lmms.found ? <Row label="Problem">{lmms.error}</Row> : null}
          </dl>
          {!lmms.found ? (
            <div className="border-t border-zinc-200 px-4 py-3 text-sm dark:border-zinc-800">
              <p className="font-medium">How to make lmms-eval available</p>
              <ul className="mt-2 list-disc space-y-1 pl-5 text-zinc-600 dark:text-zinc-400" data-testid="lmms-eval-help">
                <li>
                  On the dashboard host, run <code className="font-mono text-xs">npm run setup:lmms-eval</code>: it creates a Python environment with
                  the pinned, known-good lmms-eval (0.7.3 with <code className="font-mono text-xs">filelock==3.32.7</code>; 0.7.2 on PyPI is broken)
                  and records its command for the dashboard. It downloads about 3 GB and takes a few minutes.
                </li>
                <li>
                  Or point the dashboard at an lmms-eval you installed yourself with <code className="font-mono text-xs">LMMS_EVAL_CMD</code>, e.g.{" "}
                  <code className="font-mono text-xs">LMMS_EVAL_CMD=&quot;/path/to/venv/bin/python -m lmms_eval&quot; npm start</code>, or put{" "}
                  <code className="font-mono text-xs">lmms-eval</code> on the PATH of the process that runs <code className="font-mono text-xs">npm start</code>.
                </li>
                <li>
                  Then restart the dashboard (<code className="font-mono text-xs">npm start</code>): the command is read once when it starts, so
                  reloading this page is not enough. Details: <code className="font-mono text-xs">docs/LMMS-EVAL-REAL.md</code>.
                </li>
              </ul>
            </div>
          ) : null}
        </Card>
        <Card>
          <CardHeader title="Processes and storage" />
          <dl className="grid grid-cols-[120px_1fr] gap-y-2 px-4 py-3 text-sm">
            <Row label="Database">{health.db === "ok" ? <Badge tone="green">ok</Badge> : <Badge tone="red">error</Badge>}</Row>
            <Row label="Worker">
              {worker.up ? <Badge tone="green">up</Badge> : <Badge tone="red">down</Badge>}{" "}
              <span className="text-xs text-zinc-500">
                {worker.lastSeenAt ? `last heartbeat ${formatDateTime(worker.lastSeenAt)} (pid ${worker.pid} on ${worker.hostname})` : "never seen"}
              </span>
            </Row>
            <Row label="Data folder">
              <code className="font-mono text-xs">{config.dataDir}</code>
            </Row>
            <Row label="Database file">
              <code className="font-mono text-xs">{config.databasePath}</code>
            </Row>
            <Row label="Concurrent runs">{config.maxConcurrentRuns}</Row>
            <Row label="GPU slots">{config.gpuSlots.length ? config.gpuSlots.join(" · ") : "none configured"}</Row>
          </dl>
        </Card>
      </div>
    </>
  );
}
