import { buttonClasses } from "@/components/ui/button";

export type PickerOption = { id: number; label: string };

/** Choose two runs and a task: a plain GET form, so it works before any script has loaded. */
export function SampleDiffPicker({ runs, base, other, task, tasks }: { runs: PickerOption[]; base: number | null; other: number | null; task: string; tasks: string[] | null }) {
  const select = "h-9 w-full rounded-md border border-zinc-300 bg-white px-2 text-sm dark:border-zinc-700 dark:bg-zinc-900";
  const withCurrent = (id: number | null) => (id !== null && !runs.some((r) => r.id === id) ? [{ id, label: `#${id}` }, ...runs] : runs);
  return (
    <form method="get" action="/compare/samples" className="grid gap-3 px-4 py-3 sm:grid-cols-[1fr_1fr_1fr_auto] sm:items-end">
      <label className="space-y-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <span>Base run (before)</span>
        <select name="base" defaultValue={base ?? ""} className={select} required>
          <option value="">Choose…</option>
          {withCurrent(base).map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <span>Other run (after)</span>
        <select name="other" defaultValue={other ?? ""} className={select} required>
          <option value="">Choose…</option>
          {withCurrent(other).map((r) => (
            <option key={r.id} value={r.id}>
              {r.label}
            </option>
          ))}
        </select>
      </label>
      <label className="space-y-1 text-xs font-medium text-zinc-600 dark:text-zinc-400">
        <span>Task</span>
        {tasks && tasks.length ? (
          <select name="task" defaultValue={tasks.includes(task) ? task : tasks[0]} className={select}>
            {tasks.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </select>
        ) : (
          <input name="task" defaultValue={task} placeholder="e.g. ai2d" className={`${select} px-3 font-mono`} autoComplete="off" />
        )}
      </label>
      <button type="submit" className={buttonClasses("primary")}>
        Show diff
      </button>
    </form>
  );
}
