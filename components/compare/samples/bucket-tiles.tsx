import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { BUCKET_INFO, BUCKET_ORDER, samplesHref, type BucketName, type SamplesView } from "@/lib/compare-view/compare-url";
import { formatCount } from "@/lib/number-format";

export type DiffCounts = Record<BucketName, number> & { shared: number; unscored: number; onlyBase: number; onlyOther: number };

const TONE: Record<(typeof BUCKET_INFO)[BucketName]["tone"], { ring: string; number: string }> = {
  green: { ring: "ring-emerald-500", number: "text-emerald-700 dark:text-emerald-400" },
  red: { ring: "ring-red-500", number: "text-red-700 dark:text-red-400" },
  amber: { ring: "ring-amber-500", number: "text-amber-700 dark:text-amber-400" },
  neutral: { ring: "ring-zinc-500", number: "text-zinc-800 dark:text-zinc-200" },
};

/** Fixed / broken / both wrong / both right: each a link to its list. */
export function BucketTiles({ counts, view, active }: { counts: DiffCounts; view: SamplesView; active: BucketName | null }) {
  return (
    <div className="grid grid-cols-2 gap-3 lg:grid-cols-4" role="list" aria-label="Sample buckets">
      {BUCKET_ORDER.map((bucket) => {
        const info = BUCKET_INFO[bucket];
        const n = counts[bucket];
        const share = counts.shared > 0 ? (n / counts.shared) * 100 : 0;
        const isActive = bucket === active;
        return (
          <Link
            key={bucket}
            role="listitem"
            href={samplesHref({ ...view, bucket, cursor: null, doc: null })}
            scroll={false}
            aria-current={isActive ? "true" : undefined}
            data-testid={`bucket-${bucket}`}
            className={cn(
              "rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-xs transition-colors hover:border-zinc-300 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-zinc-700",
              isActive && cn("ring-2", TONE[info.tone].ring),
            )}
          >
            <div className="flex items-baseline justify-between gap-2">
              <span className="text-sm font-semibold">{info.title}</span>
              <span className="text-xs tabular-nums text-zinc-500">{share.toFixed(1)}%</span>
            </div>
            <div className={cn("mt-1 text-2xl font-semibold tabular-nums", n > 0 ? TONE[info.tone].number : "text-zinc-400")}>{formatCount(n)}</div>
            <div className="mt-0.5 text-xs text-zinc-500">{info.description}</div>
          </Link>
        );
      })}
    </div>
  );
}
