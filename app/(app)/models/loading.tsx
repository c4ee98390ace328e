/** Mirrors the models list: header with the New model button, the filter bar, then the table. */
export default function ModelsLoading() {
  const bar = "rounded bg-zinc-200 dark:bg-zinc-800";
  return (
    <div aria-busy="true" aria-label="Loading models" className="animate-pulse">
      <div className="mb-6 flex items-end justify-between gap-4">
        <div className="space-y-2">
          <div className={`h-7 w-28 ${bar}`} />
          <div className={`h-4 w-96 ${bar}`} />
        </div>
        <div className={`h-9 w-32 rounded-md ${bar}`} />
      </div>
      <div className="mb-3 flex flex-wrap items-end gap-2">
        {[64, 40, 32].map((w, i) => (
          <div key={i} className="space-y-1">
            <div className={`h-3 w-12 ${bar}`} />
            <div className={`h-9 ${bar}`} style={{ width: `${w / 4}rem` }} />
          </div>
        ))}
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <div className={`h-3 w-20 ${bar}`} />
        </div>
        {Array.from({ length: 6 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 border-b border-zinc-100 px-3 py-3.5 dark:border-zinc-800/60">
            <div className="w-72 space-y-1.5">
              <div className={`h-4 w-40 ${bar}`} />
              <div className={`h-3 w-64 ${bar}`} />
            </div>
            <div className={`h-5 w-24 ${bar}`} />
            <div className={`h-4 w-8 ${bar}`} />
            <div className={`h-4 w-8 ${bar}`} />
            <div className={`hidden h-4 w-20 md:block ${bar}`} />
            <div className={`hidden h-4 w-24 md:block ${bar}`} />
          </div>
        ))}
      </div>
    </div>
  );
}
