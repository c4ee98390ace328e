import { z } from "zod";
import type { DB } from "@/db/client";
import { mcnemar, pairedBootstrap, unpairedFromStderr } from "@/lib/stats";

/** A metric value of one run, with what a significance test needs. */
export type MetricSide = {
  runId: number;
  ingestId: number | null;
  value: number | null;
  stderr: number | null;
  stderrKind: "bootstrap" | "clt" | "clustered" | null;
  n: number | null;
};

/** A significance test of one metric between two runs: every p-value carries its test's name and n. */
export const MetricTest = z
  .strictObject({
    test: z.string(),
    n: z.number().nullable(),
    statistic: z.number(),
    pValue: z.number(),
    kind: z.enum(["mcnemar", "paired_bootstrap", "unpaired_z"]),
    sharedSamples: z.number().nullable().describe("samples both runs answered (paired tests); null for the unpaired fallback"),
    note: z.string().nullable().describe('why this test, e.g. "samples not available for run #3: compared from stderrs"'),
  })
  // The test's own extras (the bootstrap's CI, iterations and seed; the z-test's pooled stderr) pass through.
  .catchall(z.unknown());
export type MetricTest = z.infer<typeof MetricTest>;

/** Paired bootstrap cost grows with n × iterations; keep it well under a second on 100k samples. */
const BOOTSTRAP_BUDGET = 20_000_000;
const MIN_SHARED = 5;

/**
 * lmms-eval's CLT stderr of a dict-scored metric (MME) is computed on the 0/1 per-sample score while the value is on
 * the 0–2000 scale (docs/LMMS-EVAL-BEHAVIOUR.md §statistics): a z-test mixing the two would be nonsense, so such pairs get no unpaired test.
 */
export function stderrOnValueScale(side: MetricSide): boolean {
  if (side.value === null || side.stderr === null) return false;
  return !(side.stderrKind === "clt" && Math.abs(side.value) > 1.5 && side.stderr < 1);
}

/**
 * Paired results by (ingest A, ingest B, task, metric): an ingest's samples never change (a re-import is a new ingest,
 * ids are never reused), so a paired test computed once holds for good — repeat views of a comparison skip the joins.
 */
const pairedCache = new WeakMap<DB, Map<string, MetricTest | null>>();
const PAIRED_CACHE_SIZE = 20_000;

/** McNemar or paired bootstrap on the shared doc_ids, or null when fewer than MIN_SHARED samples are shared. */
function pairedTest(db: DB, a: MetricSide & { ingestId: number }, b: MetricSide & { ingestId: number }, where: { task: string; metric: string }): MetricTest | null {
  const cache = pairedCache.get(db) ?? pairedCache.set(db, new Map()).get(db)!;
  const key = JSON.stringify([a.ingestId, b.ingestId, a.runId, b.runId, where.task, where.metric]);
  if (cache.has(key)) return cache.get(key)!;
  const result = computePairedTest(db, a, b, where);
  cache.set(key, result);
  if (cache.size > PAIRED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return result;
}

function computePairedTest(db: DB, a: MetricSide & { ingestId: number }, b: MetricSide & { ingestId: number }, where: { task: string; metric: string }): MetricTest | null {
  const client = db.$client;
  const join = `from samples sa join samples sb on sb.ingest_id = ? and sb.task = sa.task and sb.doc_id = sa.doc_id
    where sa.ingest_id = ? and sa.task = ? and sa.primary_metric = ? and sb.primary_metric = ?
      and sa.primary_score is not null and sb.primary_score is not null`;
  const params = [b.ingestId, a.ingestId, where.task, where.metric, where.metric];
  const summary = client
    .prepare(
      `select count(*) n, sum(sa.correct is null or sb.correct is null) nonBinary,
         sum(sa.correct = 1 and sb.correct = 0) onlyA, sum(sa.correct = 0 and sb.correct = 1) onlyB ${join}`,
    )
    .get(...params) as { n: number; nonBinary: number | null; onlyA: number | null; onlyB: number | null };
  if (summary.n < MIN_SHARED) return null;
  if (!summary.nonBinary) {
    const result = mcnemar(summary.onlyA ?? 0, summary.onlyB ?? 0);
    return { ...result, kind: "mcnemar", sharedSamples: summary.n, note: `${summary.onlyA ?? 0} samples right only in #${a.runId}, ${summary.onlyB ?? 0} only in #${b.runId}` };
  }
  const pairs = client.prepare(`select sa.primary_score a, sb.primary_score b ${join}`).all(...params) as Array<{ a: number; b: number }>;
  const iterations = Math.max(1000, Math.min(10_000, Math.floor(BOOTSTRAP_BUDGET / pairs.length)));
  // Ordered as B − A so a positive difference means the compared run is higher.
  const result = pairedBootstrap(pairs.map((p) => p.b), pairs.map((p) => p.a), { iterations });
  return { ...result, kind: "paired_bootstrap", sharedSamples: pairs.length, note: null };
}

/**
 * The right test for one metric of two runs: paired on the shared doc_ids when both have samples scored by this
 * metric (McNemar when every shared score is 0/1, else a seeded paired bootstrap), otherwise an unpaired z-test from
 * the two stderrs. Never a p-value without its test's name and n. Returns null when no honest test exists.
 */
export function testMetric(db: DB, a: MetricSide, b: MetricSide, where: { task: string; metric: string }): MetricTest | null {
  if (a.ingestId !== null && b.ingestId !== null) {
    const paired = pairedTest(db, a as MetricSide & { ingestId: number }, b as MetricSide & { ingestId: number }, where);
    if (paired) return paired;
  }
  if (a.value === null || b.value === null || a.stderr === null || b.stderr === null || !stderrOnValueScale(a) || !stderrOnValueScale(b)) return null;
  if (a.stderr === 0 && b.stderr === 0) return null;
  const result = unpairedFromStderr(b.value, b.stderr, a.value, a.stderr, a.n !== null && b.n !== null ? { nA: b.n, nB: a.n } : {});
  return {
    ...result,
    kind: "unpaired_z",
    sharedSamples: null,
    note: a.ingestId === null || b.ingestId === null ? "no per-sample scores for both runs: compared from their stderrs" : "too few shared samples: compared from stderrs",
  };
}
