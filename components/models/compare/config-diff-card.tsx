import { Settings2 } from "lucide-react";
import { Card, CardHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import type { ConfigDiffRow } from "@/lib/models-view/config-diff";

/** Only what differs between the two versions' configurations; `k=v` fields key by key. Values arrive masked. */
export function ConfigDiffCard({ rows, labelA, labelB }: { rows: ConfigDiffRow[]; labelA: string; labelB: string }) {
  return (
    <Card>
      <CardHeader
        title={
          <span className="inline-flex items-center gap-1.5">
            <Settings2 size={14} aria-hidden className="text-zinc-400" /> Configuration differences
          </span>
        }
        description={rows.length ? `${rows.length} difference${rows.length === 1 ? "" : "s"}; identical settings are left out.` : undefined}
      />
      {rows.length === 0 ? (
        <p className="px-4 py-4 text-sm text-zinc-500">Same backend, model args, gen kwargs and parent: the versions differ only in label, notes or status.</p>
      ) : (
        <Table>
          <thead>
            <tr>
              <Th>Setting</Th>
              <Th>
                A <span className="font-mono normal-case">{labelA}</span>
              </Th>
              <Th>
                B <span className="font-mono normal-case">{labelB}</span>
              </Th>
            </tr>
          </thead>
          <tbody data-testid="config-diff">
            {rows.map((row, i) => (
              <tr key={i}>
                <Td className="whitespace-nowrap">
                  <span className="text-zinc-500">{row.field}</span>
                  {row.key ? <span className="ml-1.5 font-mono text-[13px] font-medium">{row.key}</span> : null}
                </Td>
                <Td>
                  <DiffValue value={row.a} tone="a" />
                </Td>
                <Td>
                  <DiffValue value={row.b} tone="b" />
                  {row.secret ? <span className="ml-2 text-xs text-zinc-500">(secret values differ)</span> : null}
                </Td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </Card>
  );
}

function DiffValue({ value, tone }: { value: string | null; tone: "a" | "b" }) {
  if (value === null) return <span className="text-xs text-zinc-400 italic">not set</span>;
  // Neutral on both sides: which value is "better" is what the results below are for.
  return (
    <code data-side={tone} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[13px] break-all text-zinc-800 dark:bg-zinc-800 dark:text-zinc-200">
      {value}
    </code>
  );
}
