/** Mirrors the samples browser: header, toolbar rows, then the list beside the open sample. */
export default function SamplesLoading() {
  const bar = "rounded bg-zinc-200 dark:bg-zinc-800";
  return (
    <div aria-busy="true" aria-label="Loading samples" className="animate-pulse">
      <div className="mb-4">
        <div className={`mb-3 h-3 w-16 ${bar}`} />
        <div className="flex items-baseline gap-3">
          <div className={`h-7 w-28 ${bar}`} />
          <div className={`h-4 w-72 ${bar}`} />
        </div>
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="space-y-2.5 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
          <div className="flex gap-4">
            <div className={`h-8 w-48 ${bar}`} />
            <div className={`h-8 w-96 ${bar}`} />
            <div className={`ml-auto h-8 w-40 ${bar}`} />
          </div>
          <div className="flex gap-4">
            <div className={`h-8 flex-1 ${bar}`} />
            <div className={`h-8 w-56 ${bar}`} />
          </div>
        </div>
        <div className="grid lg:grid-cols-[minmax(18rem,2fr)_minmax(0,3fr)]">
          <div className="space-y-px border-r border-zinc-200 dark:border-zinc-800">
            {Array.from({ length: 10 }, (_, i) => (
              <div key={i} className="flex gap-3 border-b border-zinc-100 px-3 py-2.5 dark:border-zinc-800/70">
                <div className={`h-4 w-10 ${bar}`} />
                <div className="flex-1 space-y-1.5">
                  <div className={`h-3.5 w-full ${bar}`} />
                  <div className={`h-3 w-1/3 ${bar}`} />
                </div>
              </div>
            ))}
          </div>
          <div className="space-y-4 p-4">
            <div className={`h-5 w-40 ${bar}`} />
            <div className={`h-40 w-full ${bar}`} />
            <div className="grid grid-cols-2 gap-3">
              <div className={`h-16 ${bar}`} />
              <div className={`h-16 ${bar}`} />
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
