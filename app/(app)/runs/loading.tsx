/** Mirrors the runs page: header with the New run button, the filter bar, then the table. */
export default function RunsLoading() {
  const bar = "rounded bg-zinc-200 dark:bg-zinc-800";
  return (
    <div aria-busy="true" aria-label="Loading runs" className="animate-pulse">
      <div className="mb-6 flex items-end justify-between gap-4">
        <div className="space-y-2">
          <div className={`h-7 w-24 ${bar}`} />
          <div className={`h-4 w-80 ${bar}`} />
        </div>
        <div className={`h-9 w-28 rounded-md bg-zinc-200 dark:bg-zinc-800`} />
      </div>
      <div className="mb-3 flex flex-wrap items-end gap-2">
        {[36, 44, 44, 40].map((w, i) => (
          <div key={i} className="space-y-1">
            <div className={`h-3 w-16 ${bar}`} />
            <div className={`h-8 ${bar}`} style={{ width: `${w / 4}rem` }} />
          </div>
        ))}
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="flex justify-between border-b border-zinc-200 px-4 py-2.5 dark:border-zinc-800">
          <div className={`h-3 w-24 ${bar}`} />
          <div className={`h-3 w-12 ${bar}`} />
        </div>
        <div className="border-b border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
          <div className={`h-3 w-full max-w-3xl ${bar}`} />
        </div>
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 border-b border-zinc-100 px-3 py-3 dark:border-zinc-800/60">
            <div className={`h-4 w-10 ${bar}`} />
            <div className={`h-5 w-20 ${bar}`} />
            <div className={`h-4 w-40 ${bar}`} />
            <div className={`h-4 w-28 ${bar}`} />
            <div className={`hidden h-4 w-16 md:block ${bar}`} />
            <div className={`hidden h-4 w-32 md:block ${bar}`} />
            <div className={`ml-auto h-1.5 w-48 rounded-full bg-zinc-200 dark:bg-zinc-800`} />
          </div>
        ))}
      </div>
    </div>
  );
}
