/** Mirrors the schedules list: header with two buttons, then the table. */
export default function SchedulesLoading() {
  const bar = "rounded bg-zinc-200 dark:bg-zinc-800";
  return (
    <div aria-busy="true" aria-label="Loading schedules" className="animate-pulse">
      <div className="mb-6 flex items-end justify-between gap-4">
        <div className="space-y-2">
          <div className={`h-7 w-32 ${bar}`} />
          <div className={`h-4 w-96 max-w-full ${bar}`} />
        </div>
        <div className="flex gap-2">
          <div className="h-9 w-48 rounded-md bg-zinc-200 dark:bg-zinc-800" />
          <div className="h-9 w-36 rounded-md bg-zinc-200 dark:bg-zinc-800" />
        </div>
      </div>
      <div className="overflow-hidden rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
        <div className="border-b border-zinc-200 px-3 py-2.5 dark:border-zinc-800">
          <div className={`h-3 w-full max-w-3xl ${bar}`} />
        </div>
        {Array.from({ length: 5 }, (_, i) => (
          <div key={i} className="flex items-center gap-6 border-b border-zinc-100 px-3 py-4 dark:border-zinc-800/60">
            <div className="w-48 space-y-1.5">
              <div className={`h-4 w-40 ${bar}`} />
              <div className={`h-3 w-32 ${bar}`} />
            </div>
            <div className={`h-4 w-56 ${bar}`} />
            <div className={`h-4 w-36 ${bar}`} />
            <div className={`hidden h-5 w-24 md:block ${bar}`} />
            <div className="h-5 w-9 rounded-full bg-zinc-200 dark:bg-zinc-800" />
            <div className={`ml-auto h-7 w-40 ${bar}`} />
          </div>
        ))}
      </div>
    </div>
  );
}
