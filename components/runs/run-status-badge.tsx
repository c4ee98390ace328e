import { Ban, Check, Clock, LoaderCircle, X } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { RunDto } from "@/lib/services/runs/run-dto";
import { STATUS_TONE, statusDetail } from "@/lib/runs-view/status";

const ICONS = { queued: Clock, running: LoaderCircle, succeeded: Check, failed: X, cancelled: Ban } as const;

/** `running`, `queued · #2 in queue`, `running · cancelling…`: the status word is always there, never only a colour. */
export function RunStatusBadge({ run, className }: { run: Pick<RunDto, "status" | "queuePosition" | "cancelRequested">; className?: string }) {
  const Icon = ICONS[run.status];
  const detail = statusDetail(run);
  return (
    <span data-testid="run-status" data-status={run.status} className={className}>
      <Badge tone={STATUS_TONE[run.status]} className="whitespace-nowrap">
        <Icon size={12} aria-hidden className={run.status === "running" ? "motion-safe:animate-spin" : undefined} />
        <span>{run.status}</span>
        {detail ? <span className="font-normal opacity-80">· {detail}</span> : null}
      </Badge>
    </span>
  );
}
