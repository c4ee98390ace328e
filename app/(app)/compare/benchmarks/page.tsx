import type { Metadata } from "next";
import Link from "next/link";
import { BenchmarkPicker } from "@/components/compare/benchmarks/benchmark-picker";
import { CorrelationStats } from "@/components/compare/benchmarks/correlation-stats";
import { BenchmarkScatter } from "@/components/compare/charts/benchmark-scatter";
import { CompareNav } from "@/components/compare/compare-nav";
import { NoResultsYet } from "@/components/compare/no-results";
import { Card, CardHeader, EmptyState, PageHeader } from "@/components/ui/card";
import { Table, Td, Th } from "@/components/ui/table";
import { getDb } from "@/lib/db";
import { requirePageContext } from "@/lib/auth/session";
import { loadOrProblem, NOT_ASKED } from "@/lib/page-load";
import { parseBenchmarksView } from "@/lib/compare-view/compare-url";
import { benchmarkLabel } from "@/lib/compare-view/format";
import { formatScore } from "@/lib/number-format";
import { compareBenchmarks } from "@/lib/services/compare/benchmark-correlation";
import { getBoard } from "@/lib/services/compare/board";

export const metadata: Metadata = { title: "Benchmark vs benchmark" };

export default async function CompareBenchmarksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePageContext();
  const db = getDb();
  const asked = parseBenchmarksView(await searchParams);
  // The board lists every benchmark with results in `allColumns` whatever it selects; selecting a key that cannot
  // exist skips building its cells, which this page does not need.
  const columns = getBoard({ db, ctx, input: { rows: asked.rows, columns: "\u0000" } }).allColumns;
  const byKey = new Map(columns.map((c) => [c.key, c]));

  // With nothing chosen yet, correlate the pair the picker shows (its first two benchmarks), rather than showing that
  // pair selected above a "pick two" message.
  const view = { ...asked, a: asked.a || columns[0]?.key || "", b: asked.b || columns[1]?.key || "" };
  const { value: result, problem } = view.a && view.b ? loadOrProblem(() => compareBenchmarks({ db, ctx, input: view })) : NOT_ASKED;
  const aLabel = byKey.get(view.a) ? benchmarkLabel(byKey.get(view.a)!) : view.a;
  const bLabel = byKey.get(view.b) ? benchmarkLabel(byKey.get(view.b)!) : view.b;

  return (
    <>
      <PageHeader title="Benchmark vs benchmark" description="Do two benchmarks rank the models alike? If they do, one of them may be telling you nothing new." />
      <CompareNav active="benchmarks" />
      {columns.length === 0 ? (
        <NoResultsYet />
      ) : columns.length < 2 ? (
        <EmptyState title="Only one benchmark has results">A correlation needs two. Run another task.</EmptyState>
      ) : (
        <div className="space-y-5">
          <Card>
            <CardHeader title="Benchmarks" />
            <BenchmarkPicker key={`${view.a}|${view.b}|${view.rows}`} columns={columns} view={view} />
          </Card>
          {problem ? <EmptyState title="Cannot correlate these">{problem}</EmptyState> : null}
          {result ? (
            <div className="grid gap-5 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
              <Card>
                <CardHeader title={`${result.points.length} ${view.rows === "model" ? "models" : "model versions"} with both scores`} description="Latest run per benchmark." />
                <div className="px-2 py-3">
                  {result.points.length ? (
                    <BenchmarkScatter points={result.points} aLabel={aLabel} bLabel={bLabel} />
                  ) : (
                    <p className="py-16 text-center text-sm text-zinc-500">No model has a score on both benchmarks.</p>
                  )}
                </div>
              </Card>
              <div className="space-y-5">
                <Card>
                  <CardHeader title="Rank correlation" />
                  <div className="px-4 py-3">
                    <CorrelationStats spearman={result.spearman} kendall={result.kendall} note={result.note} />
                  </div>
                </Card>
                {result.points.length ? (
                  <Card className="overflow-hidden">
                    <CardHeader title="Points" />
                    <Table className="max-h-80 overflow-y-auto">
                      <thead>
                        <tr>
                          <Th>Model</Th>
                          <Th className="text-right normal-case">A</Th>
                          <Th className="text-right normal-case">B</Th>
                        </tr>
                      </thead>
                      <tbody>
                        {result.points.map((p) => (
                          <tr key={p.rowKey}>
                            <Td className="max-w-56 truncate py-1.5" title={p.label}>
                              {p.label}
                            </Td>
                            <Td className="py-1.5 text-right tabular-nums">
                              <Link href={`/runs/${p.runA}`} className="hover:underline">
                                {formatScore(p.a)}
                              </Link>
                            </Td>
                            <Td className="py-1.5 text-right tabular-nums">
                              <Link href={`/runs/${p.runB}`} className="hover:underline">
                                {formatScore(p.b)}
                              </Link>
                            </Td>
                          </tr>
                        ))}
                      </tbody>
                    </Table>
                  </Card>
                ) : null}
              </div>
            </div>
          ) : null}
        </div>
      )}
    </>
  );
}
