/** Mirrors the model page: header, versions table, chart with the side cards, latest scores. */
export default function ModelLoading() {
  const bar = "rounded bg-zinc-200 dark:bg-zinc-800";
  const card = "overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900";
  const head = (w: string) => (
    <div className="border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
      <div className={`h-4 ${w} ${bar}`} />
      <div className={`mt-1.5 h-3 w-72 ${bar}`} />
    </div>
  );
  return (
    <div aria-busy="true" aria-label="Loading model" className="animate-pulse">
      <div className="mb-6 flex items-start justify-between gap-4">
        <div className="space-y-2">
          <div className={`h-3 w-24 ${bar}`} />
          <div className={`h-7 w-56 ${bar}`} />
          <div className={`h-4 w-96 ${bar}`} />
          <div className={`h-3 w-80 ${bar}`} />
        </div>
        <div className="flex gap-2">
          <div className={`h-9 w-20 ${bar}`} />
          <div className={`h-9 w-24 ${bar}`} />
          <div className={`h-9 w-32 ${bar}`} />
        </div>
      </div>
      <div className="space-y-5">
        <div className={card}>
          {head("w-32")}
          {Array.from({ length: 3 }, (_, i) => (
            <div key={i} className="flex items-center gap-6 border-b border-zinc-100 px-3 py-3.5 dark:border-zinc-800/60">
              <div className={`h-4 w-20 ${bar}`} />
              <div className={`h-4 w-16 ${bar}`} />
              <div className={`h-4 w-64 ${bar}`} />
              <div className={`h-4 w-24 ${bar}`} />
              <div className={`h-7 w-32 ${bar}`} />
              <div className={`ml-auto h-7 w-40 ${bar}`} />
            </div>
          ))}
        </div>
        <div className="grid gap-5 xl:grid-cols-[minmax(0,2fr)_minmax(0,1fr)]">
          <div className={card}>
            {head("w-44")}
            <div className="p-4">
              <div className={`h-[340px] w-full ${bar} opacity-60`} />
            </div>
          </div>
          <div className="space-y-5">
            <div className={card}>
              {head("w-48")}
              <div className="space-y-2 p-4">
                {Array.from({ length: 4 }, (_, i) => (
                  <div key={i} className={`h-4 w-full ${bar}`} />
                ))}
              </div>
            </div>
            <div className={card}>
              {head("w-20")}
              <div className="space-y-2 p-4">
                <div className={`h-4 w-24 ${bar}`} />
                <div className={`ml-4 h-4 w-32 ${bar}`} />
              </div>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
