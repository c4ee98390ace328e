import { z } from "zod";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { NotFoundError } from "@/lib/services/errors";
import { committedIngest } from "@/lib/services/results/ingest-run-files";
import { loadVisibleRun } from "@/lib/services/runs/get-run";
import { parseInput } from "@/lib/services/validate";
import { mcnemar } from "@/lib/stats";

export const BUCKETS = ["both_right", "both_wrong", "fixed", "broken"] as const;
export type Bucket = (typeof BUCKETS)[number];

export const SampleDiffInput = z.object({
  base: z.coerce.number().int().positive(),
  other: z.coerce.number().int().positive(),
  task: z.string().trim().min(1, { error: "task is required" }),
  bucket: z.enum(BUCKETS, { error: `bucket must be one of ${BUCKETS.join(", ")}` }).optional(),
  cursor: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

const BUCKET_SQL: Record<Bucket, string> = {
  both_right: "a.correct = 1 and b.correct = 1",
  both_wrong: "a.correct = 0 and b.correct = 0",
  fixed: "a.correct = 0 and b.correct = 1",
  broken: "a.correct = 1 and b.correct = 0",
};

const DiffSide = z.strictObject({ response: z.string(), score: z.number().nullable(), correct: z.boolean().nullable() });
export const SampleDiffItem = z.strictObject({
  docId: z.number(),
  target: z.string().nullable(),
  input: z.string().nullable(),
  inputMedia: z.array(z.string()),
  base: DiffSide,
  other: DiffSide,
});
export type SampleDiffItem = z.infer<typeof SampleDiffItem>;

/** The response (REST and page alike): this schema is the type and the OpenAPI shape. */
export const SampleDiff = z.strictObject({
  counts: z.strictObject({
    shared: z.number(),
    both_right: z.number(),
    both_wrong: z.number(),
    fixed: z.number(),
    broken: z.number(),
    unscored: z.number(),
    onlyBase: z.number(),
    onlyOther: z.number(),
  }),
  test: z
    .strictObject({ test: z.string(), n: z.number().nullable(), statistic: z.number(), pValue: z.number() })
    .nullable()
    .describe("McNemar's test of fixed against broken on this task alone (not adjusted for other tasks); null when no sample changed between right and wrong"),
  items: z.array(SampleDiffItem),
  nextCursor: z.number().nullable(),
});
export type SampleDiff = z.infer<typeof SampleDiff>;

/**
 * Per-sample diff of two runs on a task: counts of both-right / both-wrong / fixed (wrong → right) / broken
 * (right → wrong) from one indexed join on (ingest, task, doc_id), McNemar's test on the discordant pairs, and a
 * keyset page of one bucket.
 */
export function sampleDiff({ db, ctx, input }: { db: DB; ctx: ServiceContext; input: unknown }): SampleDiff {
  const q = parseInput(SampleDiffInput, input);
  const base = loadVisibleRun(db, ctx, q.base);
  const other = loadVisibleRun(db, ctx, q.other);
  const ia = committedIngest(db, base.id);
  const ib = committedIngest(db, other.id);
  if (!ia) throw new NotFoundError(`Samples of run #${base.id}`);
  if (!ib) throw new NotFoundError(`Samples of run #${other.id}`);
  const client = db.$client;
  const join = "from samples a join samples b on b.ingest_id = ? and b.task = a.task and b.doc_id = a.doc_id where a.ingest_id = ? and a.task = ?";
  const params = [ib.id, ia.id, q.task];
  const c = client
    .prepare(
      `select count(*) shared,
         sum(a.correct = 1 and b.correct = 1) both_right, sum(a.correct = 0 and b.correct = 0) both_wrong,
         sum(a.correct = 0 and b.correct = 1) fixed, sum(a.correct = 1 and b.correct = 0) broken,
         sum(a.correct is null or b.correct is null) unscored ${join}`,
    )
    .get(...params) as Record<string, number | null>;
  const total = (ingestId: number) => (client.prepare("select count(*) n from samples where ingest_id = ? and task = ?").get(ingestId, q.task) as { n: number }).n;
  const shared = c.shared ?? 0;
  const counts = {
    shared,
    both_right: c.both_right ?? 0,
    both_wrong: c.both_wrong ?? 0,
    fixed: c.fixed ?? 0,
    broken: c.broken ?? 0,
    unscored: c.unscored ?? 0,
    onlyBase: total(ia.id) - shared,
    onlyOther: total(ib.id) - shared,
  };
  // Only the discordant pairs carry information: broken (base right) against fixed (other right).
  const test = counts.fixed + counts.broken > 0 ? mcnemar(counts.broken, counts.fixed) : null;
  if (!q.bucket) return { counts, test, items: [], nextCursor: null };
  const rows = client
    .prepare(
      `select a.doc_id docId, a.target target, a.input input, a.input_media media, a.response ra, a.primary_score sa, a.correct ca,
         b.response rb, b.primary_score sb, b.correct cb ${join} and ${BUCKET_SQL[q.bucket]} and a.doc_id > ? order by a.doc_id limit ?`,
    )
    .all(...params, q.cursor ?? -1, q.limit + 1) as Array<{ docId: number; target: string | null; input: string | null; media: string | null; ra: string; sa: number | null; ca: number | null; rb: string; sb: number | null; cb: number | null }>;
  const page = rows.slice(0, q.limit);
  const bool = (v: number | null) => (v === null ? null : v === 1);
  return {
    counts,
    test,
    items: page.map((r) => ({
      docId: r.docId,
      target: r.target,
      input: r.input,
      inputMedia: r.media ? (JSON.parse(r.media) as string[]) : [],
      base: { response: r.ra, score: r.sa, correct: bool(r.ca) },
      other: { response: r.rb, score: r.sb, correct: bool(r.cb) },
    })),
    nextCursor: rows.length > q.limit ? page[page.length - 1].docId : null,
  };
}
