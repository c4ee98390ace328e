import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import { formatCount, formatFixed } from "@/lib/number-format";
import type { EfficiencySummary, KeyFigure, TokenRow, UsageSummary } from "@/lib/results-view/usage";

function Figures({ figures }: { figures: KeyFigure[] }) {
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-3">
      {figures.map((f) => (
        <div key={f.label} title={f.hint}>
          <dt className="text-xs text-zinc-500">
            {f.label}
            {f.hint ? <span className="sr-only"> ({f.hint})</span> : null}
          </dt>
          <dd className="text-base font-semibold tabular-nums">{f.value}</dd>
        </div>
      ))}
    </dl>
  );
}

function Block({ title, note, children }: { title: string; note?: ReactNode; children: ReactNode }) {
  return (
    <div className="min-w-0 px-4 py-3">
      <h3 className="mb-2.5 text-xs font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
      {children}
      {note ? <p className="mt-2 text-xs text-zinc-500">{note}</p> : null}
    </div>
  );
}

const cellBase = "border-b border-zinc-100 px-2 py-1 dark:border-zinc-800/60";
const cell = `${cellBase} text-right tabular-nums`;
const nameCell = `${cellBase} text-left font-mono`;
const headBase = "border-b border-zinc-200 px-2 py-1 text-[11px] font-medium uppercase tracking-wide text-zinc-500 dark:border-zinc-800";
const head = `${headBase} text-right`;
const nameHead = `${headBase} text-left`;

function TokenTable({ caption, rows }: { caption: string; rows: TokenRow[] }) {
  const reasoning = rows.some((r) => r.reasoningTokens);
  return (
    <table className="w-full border-collapse text-xs">
      <caption className="mb-1 text-left text-xs font-medium text-zinc-600 dark:text-zinc-400">{caption}</caption>
      <thead>
        <tr>
          <th scope="col" className={nameHead}>
            Name
          </th>
          <th scope="col" className={head}>
            Input
          </th>
          <th scope="col" className={head}>
            Output
          </th>
          {reasoning ? (
            <th scope="col" className={head}>
              Reasoning
            </th>
          ) : null}
          <th scope="col" className={head}>
            Calls
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.name}>
            <td className={nameCell}>{r.name}</td>
            <td className={cell}>{formatCount(r.inputTokens)}</td>
            <td className={cell}>{formatCount(r.outputTokens)}</td>
            {reasoning ? <td className={cell}>{formatCount(r.reasoningTokens)}</td> : null}
            <td className={cell}>{formatCount(r.apiCalls)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Throughput, token usage and efficiency as key figures, with the blocks' raw JSON one click away. */
export function UsagePanel({
  throughput,
  usage,
  efficiency,
  raw,
}: {
  throughput: KeyFigure[];
  usage: UsageSummary | null;
  efficiency: EfficiencySummary | null;
  raw: Record<string, unknown>;
}) {
  const blocks = [throughput.length > 0, usage !== null, efficiency !== null].filter(Boolean).length;
  return (
    <div>
      <div className={cn("grid divide-y divide-zinc-200 dark:divide-zinc-800 md:divide-x md:divide-y-0", blocks >= 3 ? "md:grid-cols-3" : blocks === 2 ? "md:grid-cols-2" : "")}>
        {throughput.length ? (
          <Block title="Throughput">
            <Figures figures={throughput} />
          </Block>
        ) : null}
        {usage ? (
          <Block
            title="Token usage"
            note={
              usage.budgetExceeded ? (
                <span className="font-medium text-amber-700 dark:text-amber-400">
                  The token budget{usage.budgetTotalTokens !== null ? ` (${formatCount(usage.budgetTotalTokens)})` : ""} was exceeded: later requests were not sent.
                </span>
              ) : null
            }
          >
            <Figures figures={usage.figures} />
          </Block>
        ) : null}
        {efficiency ? (
          <Block title="Efficiency">
            <Figures figures={efficiency.figures} />
          </Block>
        ) : null}
      </div>
      {(usage && (usage.bySource.length > 1 || usage.byTask.length > 0)) || (efficiency && efficiency.byTask.length > 0) ? (
        <div className="grid gap-4 border-t border-zinc-200 px-4 py-3 dark:border-zinc-800 lg:grid-cols-2">
          {usage && usage.byTask.length ? (
            <div className="space-y-3">
              <TokenTable caption="Tokens by task" rows={usage.byTask} />
              {usage.bySource.length > 1 ? <TokenTable caption="Tokens by source (model vs LLM judge)" rows={usage.bySource} /> : null}
            </div>
          ) : null}
          {efficiency && efficiency.byTask.length ? (
            <table className="w-full border-collapse text-xs">
              <caption className="mb-1 text-left text-xs font-medium text-zinc-600 dark:text-zinc-400">Efficiency by task</caption>
              <thead>
                <tr>
                  <th scope="col" className={nameHead}>
                    Task
                  </th>
                  <th scope="col" className={head}>
                    Docs
                  </th>
                  <th scope="col" className={head}>
                    Correct
                  </th>
                  <th scope="col" className={head} title="Average output tokens per sample">
                    Out tok / sample
                  </th>
                  <th scope="col" className={head} title="Output tokens per unit of correct score">
                    Tok / correct
                  </th>
                </tr>
              </thead>
              <tbody>
                {efficiency.byTask.map((r) => (
                  <tr key={r.task}>
                    <td className={nameCell}>{r.task}</td>
                    <td className={cell}>{formatCount(r.docs)}</td>
                    <td className={cell}>{r.totalCorrect === null ? "—" : formatFixed(r.totalCorrect, r.totalCorrect % 1 === 0 ? 0 : 1)}</td>
                    <td className={cell}>{formatFixed(r.avgOutputTokens, 2)}</td>
                    <td className={cell}>{formatFixed(r.tokensPerCorrect, 2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      ) : null}
      <details className="group border-t border-zinc-200 px-4 py-2 dark:border-zinc-800">
        <summary className="cursor-pointer select-none text-xs font-medium text-zinc-500 hover:text-zinc-800 dark:hover:text-zinc-200">Raw JSON</summary>
        <pre className="mt-2 max-h-80 overflow-auto rounded-md bg-zinc-50 p-3 font-mono text-[11px] leading-relaxed text-zinc-700 dark:bg-zinc-950 dark:text-zinc-300">
          {JSON.stringify(raw, null, 2)}
        </pre>
      </details>
    </div>
  );
}
