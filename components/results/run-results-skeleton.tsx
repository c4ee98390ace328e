/** Fallback for `<Suspense>` around `<RunResultsSection/>`: the metrics card's shape while results load. */
export function RunResultsSkeleton() {
  const bar = "rounded bg-zinc-200 dark:bg-zinc-800";
  return (
    <div aria-busy="true" aria-label="Loading results" className="animate-pulse rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-start justify-between border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <div className="space-y-2">
          <div className={`h-4 w-20 ${bar}`} />
          <div className={`h-3 w-96 max-w-full ${bar}`} />
        </div>
        <div className="flex gap-2">
          <div className={`h-7 w-32 ${bar}`} />
          <div className={`h-7 w-28 ${bar}`} />
        </div>
      </div>
      <div className="space-y-3 px-4 py-4">
        {Array.from({ length: 4 }, (_, i) => (
          <div key={i} className="flex gap-6">
            <div className={`h-4 w-24 ${bar}`} />
            <div className={`h-4 w-40 ${bar}`} />
            <div className={`ml-auto h-4 w-16 ${bar}`} />
            <div className={`h-4 w-16 ${bar}`} />
          </div>
        ))}
      </div>
    </div>
  );
}
