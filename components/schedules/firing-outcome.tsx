import { Layers } from "lucide-react";
import Link from "next/link";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { firingLinks, OUTCOME_TONE } from "@/lib/schedules-view/firings";
import type { FiringDto } from "@/lib/services/schedules/manage-schedules";

const DOT: Record<string, string> = {
  queued: "bg-zinc-400",
  running: "bg-blue-500 motion-safe:animate-pulse",
  succeeded: "bg-emerald-500",
  failed: "bg-red-500",
  cancelled: "bg-amber-500",
};

/** A run link with its status in words and a dot (never colour alone). */
export function RunChip({ runId, status }: { runId: number; status: string | null }) {
  return (
    <Link
      href={`/runs/${runId}`}
      data-testid="firing-run"
      data-status={status ?? "unknown"}
      className="inline-flex items-center gap-1.5 rounded border border-zinc-200 px-1.5 py-0.5 text-xs hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"
    >
      <span aria-hidden className={cn("h-1.5 w-1.5 rounded-full", DOT[status ?? ""] ?? "bg-zinc-300")} />
      <span className="font-medium tabular-nums">#{runId}</span>
      {status ? <span className="text-zinc-500">{status}</span> : null}
    </Link>
  );
}

export function OutcomeBadge({ outcome }: { outcome: string }) {
  return (
    <Badge tone={OUTCOME_TONE[outcome] ?? "neutral"} className="whitespace-nowrap">
      {outcome}
    </Badge>
  );
}

/** The runs (with status when known) or the batch a firing started. */
export function FiringLinks({ firing, statuses }: { firing: Pick<FiringDto, "runIds" | "batchId">; statuses?: ReadonlyMap<number, string> }) {
  const links = firingLinks(firing);
  if (links.length === 0) return <span className="text-xs text-zinc-500">—</span>;
  return (
    <span className="flex flex-wrap gap-1">
      {links.map((link) =>
        link.runId !== null ? (
          <RunChip key={link.href} runId={link.runId} status={statuses?.get(link.runId) ?? null} />
        ) : (
          <Link key={link.href} href={link.href} data-testid="firing-batch" className="inline-flex items-center gap-1 rounded border border-zinc-200 px-1.5 py-0.5 text-xs font-medium hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800">
            <Layers size={11} aria-hidden /> {link.label}
          </Link>
        ),
      )}
    </span>
  );
}

