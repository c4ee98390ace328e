import type { RunStatus } from "@/db/schema";
import { cn } from "@/components/ui/cn";
import { clampPercent } from "@/lib/runs-view/format";

const FILL: Record<RunStatus, string> = {
  queued: "bg-zinc-400 dark:bg-zinc-600",
  running: "bg-accent-600 dark:bg-accent-500",
  succeeded: "bg-emerald-500 dark:bg-emerald-500",
  failed: "bg-red-500 dark:bg-red-500",
  cancelled: "bg-amber-500 dark:bg-amber-500",
};

/**
 * A thin bar whose width glides to each new value; while running, a soft sheen pulses over the filled part so a
 * stalled-looking bar still reads as alive. Finished runs keep the colour of how they ended, at the point they reached.
 */
export function ProgressBar({
  percent,
  status,
  label,
  size = "sm",
  className,
}: {
  percent: number | null | undefined;
  status: RunStatus;
  label: string;
  size?: "sm" | "md";
  className?: string;
}) {
  const value = clampPercent(percent);
  return (
    <div
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value}
      aria-valuetext={`${value}%`}
      className={cn("relative w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800", size === "sm" ? "h-1.5" : "h-2.5", className)}
    >
      <div
        className={cn("relative h-full rounded-full transition-[width] duration-700 ease-out motion-reduce:transition-none", FILL[status])}
        style={{ width: `${value}%` }}
      >
        {status === "running" ? <div aria-hidden className="absolute inset-0 rounded-full bg-white/25 motion-safe:animate-pulse" /> : null}
      </div>
    </div>
  );
}
