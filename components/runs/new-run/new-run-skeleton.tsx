/** Mirrors the new-run page: four form sections on the left, the sticky launch panel on the right. */
export function NewRunSkeleton() {
  const bar = "rounded bg-zinc-200 dark:bg-zinc-800";
  return (
    <div aria-busy="true" aria-label="Loading the new-run form" className="animate-pulse">
      <div className="mb-6 space-y-2">
        <div className={`${bar} h-7 w-40`} />
        <div className={`${bar} h-4 w-96 max-w-full`} />
      </div>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_24rem]">
        <div className="space-y-6">
          {[["Model", 10], ["Tasks", 22], ["Parameters", 12], ["Environment", 5]].map(([name, height]) => (
            <div key={name} className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
              <div className="flex items-center gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
                <div className="h-6 w-6 rounded-full bg-zinc-200 dark:bg-zinc-800" />
                <div className="space-y-1.5">
                  <div className={`${bar} h-3.5 w-28`} />
                  <div className={`${bar} h-3 w-56`} />
                </div>
              </div>
              <div className="px-4 py-4" style={{ height: `${Number(height) * 0.75}rem` }}>
                <div className="h-full rounded-md bg-zinc-100 dark:bg-zinc-800/60" />
              </div>
            </div>
          ))}
        </div>
        <div className="space-y-3 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
          <div className={`${bar} h-4 w-20`} />
          <div className="h-20 rounded bg-zinc-100 dark:bg-zinc-800/60" />
          <div className="h-28 rounded-md bg-zinc-800/80 dark:bg-black/40" />
          <div className="h-10 rounded-md bg-accent-600/40" />
        </div>
      </div>
    </div>
  );
}
