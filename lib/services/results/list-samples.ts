import { z } from "zod";
import type { DB } from "@/db/client";
import type { ServiceContext } from "@/lib/auth/actor";
import { COMMENT_LABELS } from "@/lib/comments-view/rules";
import { JsonObject } from "@/lib/services/dto-fields";
import { InvalidInputError, NotFoundError } from "@/lib/services/errors";
import { loadVisibleRun } from "@/lib/services/runs/get-run";
import { parseInput } from "@/lib/services/validate";
import { and, asc, eq } from "drizzle-orm";
import { runCategories, runTasks } from "@/db/schema";
import { committedIngest } from "./ingest-run-files";

export const SampleFilter = z.object({
  task: z.string().trim().min(1, { error: "task is required" }),
  correct: z.enum(["true", "false", "any"], { error: "correct must be true, false or any" }).default("any"),
  failed: z.enum(["true", "false", "any"], { error: "failed must be true, false or any" }).default("any"),
  q: z.string().trim().max(500).optional(),
  docId: z.coerce.number().int().min(0).optional(),
  category: z.string().trim().max(200).optional(),
  /** Samples someone labelled in a comment (e.g. "label error"): the samples browser's label filter. */
  label: z.enum(COMMENT_LABELS, { error: `label must be one of ${COMMENT_LABELS.join(", ")}` }).optional(),
  cursor: z.coerce.number().int().min(-1).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type SampleFilter = z.input<typeof SampleFilter>;

export const SampleDto = z.strictObject({
  task: z.string(),
  docId: z.number(),
  target: z.string().nullable(),
  response: z.string(),
  filteredResps: z.unknown(),
  resps: z.unknown(),
  scores: JsonObject,
  primaryMetric: z.string().nullable(),
  primaryScore: z.number().nullable(),
  correct: z.boolean().nullable(),
  category: z.string().nullable(),
  input: z.string().nullable(),
  inputMedia: z.array(z.string()),
  tokenCounts: z.unknown(),
  inputTokens: z.number().nullable(),
  outputTokens: z.number().nullable(),
  failure: z.enum(["request_failed", "budget_exceeded"]).nullable(),
});
export type SampleDto = z.infer<typeof SampleDto>;

export const SamplePageDto = z.strictObject({
  items: z.array(SampleDto),
  total: z.number(),
  totalIsLowerBound: z.boolean().describe("true when there are more than `total` matches (complex filters are counted up to 10,000)"),
  nextCursor: z.number().nullable(),
});
export type SamplePageDto = z.infer<typeof SamplePageDto>;

export const CategoryScoreDto = z.strictObject({ category: z.string(), n: z.number(), meanScore: z.number().nullable(), correct: z.number() });
export type CategoryScoreDto = z.infer<typeof CategoryScoreDto>;

type SampleRow = {
  task: string;
  doc_id: number;
  target: string | null;
  response: string;
  filtered_resps: string | null;
  resps: string | null;
  scores: string;
  primary_metric: string | null;
  primary_score: number | null;
  correct: number | null;
  category: string | null;
  input: string | null;
  input_media: string | null;
  token_counts: string | null;
  input_tokens: number | null;
  output_tokens: number | null;
  failure: SampleDto["failure"];
};

const parse = (text: string | null): unknown => (text === null ? null : JSON.parse(text));

export function toSampleDto(r: SampleRow): SampleDto {
  return {
    task: r.task,
    docId: r.doc_id,
    target: r.target,
    response: r.response,
    filteredResps: parse(r.filtered_resps),
    resps: parse(r.resps),
    scores: JSON.parse(r.scores) as Record<string, unknown>,
    primaryMetric: r.primary_metric,
    primaryScore: r.primary_score,
    correct: r.correct === null ? null : r.correct === 1,
    category: r.category,
    input: r.input,
    inputMedia: (parse(r.input_media) as string[] | null) ?? [],
    tokenCounts: parse(r.token_counts),
    inputTokens: r.input_tokens,
    outputTokens: r.output_tokens,
    failure: r.failure,
  };
}

/** FTS5 query from user text: every word must appear (prefix match), quotes neutralised so input is never syntax. */
export function toFtsQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}_]+/gu);
  return words?.length ? words.map((w) => `"${w}"*`).join(" AND ") : null;
}

const SAMPLE_COLUMNS = `s.task, s.doc_id, s.target, s.response, s.filtered_resps, s.resps, s.scores, s.primary_metric, s.primary_score,
  s.correct, s.category, s.input, s.input_media, s.token_counts, s.input_tokens, s.output_tokens, s.failure`;

/** Until the search index of an ingest is built, search scans the task's rows with LIKE (slower, same answers). */
function likeSearch(text: string): { sql: string; params: unknown[] } {
  const words = text.match(/[\p{L}\p{N}_]+/gu) ?? [];
  const escape = (w: string) => `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return {
    sql: words.map(() => "(s.input like ? escape '\\' or s.target like ? escape '\\' or s.response like ? escape '\\')").join(" and "),
    params: words.flatMap((w) => [escape(w), escape(w), escape(w)]),
  };
}

function whereClause(ingest: { id: number; runId: number; searchIndexed: boolean }, f: z.output<typeof SampleFilter>): { sql: string; params: unknown[] } {
  const ingestId = ingest.id;
  const clauses = ["s.ingest_id = ?", "s.task = ?"];
  const params: unknown[] = [ingestId, f.task];
  if (f.correct !== "any") {
    clauses.push("s.correct = ?");
    params.push(f.correct === "true" ? 1 : 0);
  }
  if (f.failed === "true") clauses.push("s.failure is not null");
  if (f.failed === "false") clauses.push("s.failure is null");
  if (f.category) {
    clauses.push("s.category = ?");
    params.push(f.category);
  }
  if (f.label) {
    clauses.push(
      "s.doc_id in (select c.sample_doc_id from comments c, json_each(c.labels) l where c.run_id = ? and c.sample_task = s.task and c.deleted_at is null and l.value = ?)",
    );
    params.push(ingest.runId, f.label);
  }
  if (f.docId !== undefined) {
    clauses.push("s.doc_id >= ?");
    params.push(f.docId);
  }
  if (f.q) {
    const fts = toFtsQuery(f.q);
    if (!fts) throw new InvalidInputError("search needs at least one letter or digit", { q: ["Search needs at least one letter or digit"] });
    if (ingest.searchIndexed) {
      clauses.push("s.id in (select rowid from samples_fts where samples_fts match ?)");
      params.push(fts);
    } else {
      const like = likeSearch(f.q);
      clauses.push(like.sql);
      params.push(...like.params);
    }
  }
  return { sql: clauses.join(" and "), params };
}

/**
 * A page of a run's samples for one task, filtered (correct / wrong / failed request / category / search / from a
 * doc_id), keyset-paginated by doc_id so page N costs the same as page 1 on 100k+ samples.
 */
/** Counting every match of a complex filter can cost more than the page itself; beyond this we say "10,000+". */
const COUNT_CAP = 10_000;

/**
 * The number of matches: exact and free for the common views (all / correct / incorrect, counted at ingest),
 * otherwise counted up to COUNT_CAP.
 */
function countMatches(db: DB, runId: number, ingestId: number, f: z.output<typeof SampleFilter>, where: { sql: string; params: unknown[] }): { total: number; totalIsLowerBound: boolean } {
  const simple = f.failed === "any" && !f.q && !f.category && !f.label && f.docId === undefined;
  if (simple) {
    const counts = db.select().from(runTasks).where(and(eq(runTasks.runId, runId), eq(runTasks.task, f.task))).get();
    if (counts) {
      const total = f.correct === "true" ? counts.correctCount : f.correct === "false" ? counts.incorrectCount : counts.sampleCount;
      return { total, totalIsLowerBound: false };
    }
  }
  const n = (db.$client.prepare(`select count(*) n from (select 1 from samples s where ${where.sql} limit ${COUNT_CAP + 1})`).get(...where.params) as { n: number }).n;
  return n > COUNT_CAP ? { total: COUNT_CAP, totalIsLowerBound: true } : { total: n, totalIsLowerBound: false };
}

function requireIngest(db: DB, runId: number): { id: number; runId: number; searchIndexed: boolean } {
  const ingest = committedIngest(db, runId);
  if (!ingest) throw new NotFoundError(`Samples of run #${runId}`);
  return { ...ingest, runId };
}

/**
 * A page of a run's samples for one task, filtered (correct / wrong / failed request / category / search / from a
 * doc_id), keyset-paginated by doc_id so page N costs the same as page 1 on 100k+ samples.
 */
export function listSamples({ db, ctx, runId, input }: { db: DB; ctx: ServiceContext; runId: unknown; input: unknown }): SamplePageDto {
  const run = loadVisibleRun(db, ctx, runId);
  const f = parseInput(SampleFilter, input);
  const ingest = requireIngest(db, run.id);
  const where = whereClause(ingest, f);
  const rows = db.$client
    .prepare(`select ${SAMPLE_COLUMNS} from samples s where ${where.sql} and s.doc_id > ? order by s.doc_id limit ?`)
    .all(...where.params, f.cursor ?? -1, f.limit + 1) as SampleRow[];
  const page = rows.slice(0, f.limit);
  // A first page that holds every match is its own count: a narrow search costs one query, not two.
  const { total, totalIsLowerBound } =
    f.cursor === undefined && rows.length <= f.limit ? { total: rows.length, totalIsLowerBound: false } : countMatches(db, run.id, ingest.id, f, where);
  return { items: page.map(toSampleDto), total, totalIsLowerBound, nextCursor: rows.length > f.limit ? page[page.length - 1].doc_id : null };
}

/** Every sample matching a filter, streamed in doc order (downloads), never the whole set in memory. */
export function* iterateSamples({ db, ctx, runId, input }: { db: DB; ctx: ServiceContext; runId: unknown; input: unknown }): Generator<SampleDto> {
  const run = loadVisibleRun(db, ctx, runId);
  const f = parseInput(SampleFilter, input);
  const where = whereClause(requireIngest(db, run.id), f);
  const statement = db.$client.prepare(`select ${SAMPLE_COLUMNS} from samples s where ${where.sql} order by s.doc_id`);
  for (const row of statement.iterate(...where.params) as IterableIterator<SampleRow>) yield toSampleDto(row);
}

export function getSample({ db, ctx, runId, task, docId }: { db: DB; ctx: ServiceContext; runId: unknown; task: string; docId: number }): SampleDto {
  const run = loadVisibleRun(db, ctx, runId);
  const ingest = committedIngest(db, run.id);
  const row = ingest === null ? undefined : (db.$client.prepare(`select ${SAMPLE_COLUMNS} from samples s where s.ingest_id = ? and s.task = ? and s.doc_id = ?`).get(ingest.id, task, docId) as SampleRow | undefined);
  if (!row) throw new NotFoundError(`Sample ${task}/${docId} of run #${run.id}`);
  return toSampleDto(row);
}

/** Per-category score where samples carry a category (MME-style dict scores): mean primary score, counts (from ingest). */
export function categoryBreakdown({ db, ctx, runId, task }: { db: DB; ctx: ServiceContext; runId: unknown; task: string }): CategoryScoreDto[] {
  const run = loadVisibleRun(db, ctx, runId);
  return db
    .select({ category: runCategories.category, n: runCategories.n, meanScore: runCategories.meanScore, correct: runCategories.correct })
    .from(runCategories)
    .where(and(eq(runCategories.runId, run.id), eq(runCategories.task, task)))
    .orderBy(asc(runCategories.category))
    .all();
}
