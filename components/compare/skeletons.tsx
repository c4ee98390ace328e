const bar = "rounded bg-zinc-200 dark:bg-zinc-800";

/** Loading placeholders shaped like the pages they stand in for. */
export function HeaderSkeleton() {
  return (
    <div className="mb-6 space-y-2">
      <div className={`h-7 w-40 ${bar}`} />
      <div className={`h-4 w-96 max-w-full ${bar}`} />
    </div>
  );
}

export function TabsSkeleton() {
  return (
    <div className="mb-5 flex gap-4 border-b border-zinc-200 pb-2.5 dark:border-zinc-800">
      {[14, 20, 22, 36].map((w) => (
        <div key={w} className={bar} style={{ height: 16, width: `${w * 4}px` }} />
      ))}
    </div>
  );
}

export function BoardSkeleton() {
  return (
    <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex gap-2 border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
        {[40, 32, 28, 48].map((w) => (
          <div key={w} className={`h-8 ${bar}`} style={{ width: `${w * 4}px` }} />
        ))}
      </div>
      <div className="divide-y divide-zinc-100 dark:divide-zinc-800">
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex gap-4 px-4 py-3">
            <div className={`h-4 w-56 ${bar}`} />
            {Array.from({ length: 6 }, (_, j) => (
              <div key={j} className={`ml-auto h-4 w-20 ${bar} opacity-70`} />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

export function PanelSkeleton({ height = 256 }: { height?: number }) {
  return <div className="rounded-lg bg-zinc-200/70 dark:bg-zinc-800/70" style={{ height }} />;
}
