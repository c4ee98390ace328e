import type { RunComparison } from "@/lib/services/compare/compare-runs";

/** Only the settings that differ between the runs (masked model args, canonical order ignored). */
export function ConfigDiff({ comparison }: { comparison: RunComparison }) {
  if (comparison.configDiff.length === 0) return <p className="px-4 py-3 text-sm text-zinc-500">Same backend, model args, tasks, generation settings and lmms-eval version.</p>;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full border-separate border-spacing-0 text-xs">
        <thead>
          <tr>
            <th scope="col" className="border-b border-zinc-200 px-3 py-1.5 text-left font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800">
              Setting
            </th>
            {comparison.sides.map((s, i) => (
              <th key={s.label} scope="col" className="border-b border-zinc-200 px-3 py-1.5 text-left font-medium text-zinc-700 dark:border-zinc-800 dark:text-zinc-300">
                {s.label}
                {i === comparison.referenceIndex ? <span className="ml-1 text-[10px] uppercase text-accent-600 dark:text-accent-500">ref</span> : null}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {comparison.configDiff.map((d) => (
            <tr key={d.field}>
              <th scope="row" className="border-b border-zinc-100 px-3 py-1.5 text-left font-medium text-zinc-600 dark:border-zinc-800 dark:text-zinc-400">
                {d.field}
              </th>
              {d.values.map((v, i) => (
                <td key={i} className="max-w-80 break-all border-b border-zinc-100 px-3 py-1.5 font-mono text-zinc-800 dark:border-zinc-800 dark:text-zinc-200">
                  {v}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
