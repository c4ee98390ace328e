/** Mirrors the run page: header with actions, progress + command cards side by side, then the console. */
export default function RunLoading() {
  const bar = "rounded bg-zinc-200 dark:bg-zinc-800";
  const card = "rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900";
  return (
    <div aria-busy="true" aria-label="Loading run" className="animate-pulse">
      <div className="mb-5">
        <div className={`mb-3 h-3 w-16 ${bar}`} />
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="space-y-2.5">
            <div className="flex items-center gap-3">
              <div className={`h-7 w-28 ${bar}`} />
              <div className={`h-5 w-20 ${bar}`} />
            </div>
            <div className={`h-4 w-96 max-w-full ${bar}`} />
            <div className={`h-4 w-80 max-w-full ${bar}`} />
          </div>
          <div className="flex gap-2">
            <div className={`h-9 w-28 rounded-md bg-zinc-200 dark:bg-zinc-800`} />
            <div className={`h-9 w-24 rounded-md bg-zinc-200 dark:bg-zinc-800`} />
          </div>
        </div>
      </div>
      <div className="grid gap-5 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
        <div className={`${card} h-64 p-4`}>
          <div className={`h-4 w-20 ${bar}`} />
          <div className={`mt-6 h-8 w-24 ${bar}`} />
          <div className={`mt-3 h-2.5 w-full rounded-full bg-zinc-200 dark:bg-zinc-800`} />
        </div>
        <div className={`${card} h-64 p-4`}>
          <div className={`h-4 w-24 ${bar}`} />
          <div className={`mt-6 h-16 w-full ${bar}`} />
        </div>
      </div>
      <div className={`${card} mt-5 overflow-hidden`}>
        <div className="flex justify-between px-4 py-2.5">
          <div className={`h-4 w-20 ${bar}`} />
          <div className={`h-7 w-56 ${bar}`} />
        </div>
        <div className="h-[32rem] bg-zinc-950" />
      </div>
    </div>
  );
}
