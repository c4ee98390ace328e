import { describe, expect, it } from "vitest";
import type { DB } from "@/db/client";
import type { Actor } from "@/lib/auth/actor";
import { listSamples, streamSamples, type SampleDto } from "@/lib/services/results/list-samples";
import { buildSearchIndex, searchWords } from "@/lib/services/results/search-index";
import { ctxFor, freshDb, insertUser } from "../../helpers/db";
import { runWithSamples, type SampleLine } from "../../helpers/synthetic-run";

type Line = SampleLine;

const runWith = (db: DB, owner: Actor, task: string, lines: Line[]) => runWithSamples(db, { createdById: owner.id, task, lines });

/** A fresh database with one run of task "t" holding `lines`, its search index built with `partitionSize`. */
async function indexedRun(lines: Line[], partitionSize?: number) {
  const db = freshDb();
  const admin = insertUser(db, "admin");
  const { runId, ingestId } = await runWith(db, admin, "t", lines);
  await buildSearchIndex(db, ingestId, { partitionSize });
  return { db, admin, runId, ingestId };
}

const WORDS = ["answer", "answers", "question", "colour", "Café", "naïve", "zebra", "chart", "table", "Straße"];

/** Deterministic varied text: each doc has a few of WORDS, plus a word only it has. */
function corpus(n: number): Line[] {
  return Array.from({ length: n }, (_, doc) => ({
    docId: doc,
    input: `${WORDS[doc % 3]} ${WORDS[(doc * 7) % WORDS.length]} ${doc % 5 === 0 ? WORDS[(doc * 3) % WORDS.length] : ""} id${doc}x`,
    response: doc % 4 === 0 ? "The answer is B" : "C",
    correct: doc % 3 !== 0,
  }));
}

/** The reference: every query word starts a word of the sample (after the same folding). */
function expected(lines: Line[], q: string, keep: (l: Line) => boolean = () => true): number[] {
  const words = searchWords(q);
  return lines
    .filter((l) => keep(l) && words.every((w) => searchWords(`${l.input} A ${l.response}`).some((t) => t.startsWith(w))))
    .map((l) => l.docId)
    .sort((a, b) => a - b);
}

function everyPage(db: DB, actor: Actor, runId: number, input: Record<string, unknown>): { docIds: number[]; totals: number[] } {
  const docIds: number[] = [];
  const totals: number[] = [];
  let cursor: number | undefined;
  for (;;) {
    const page = listSamples({ db, ctx: ctxFor(actor), runId, input: { task: "t", limit: 7, ...input, ...(cursor === undefined ? {} : { cursor }) } });
    docIds.push(...page.items.map((s) => s.docId));
    totals.push(page.total);
    if (page.nextCursor === null) return { docIds, totals };
    cursor = page.nextCursor;
  }
}

describe("partitioned search", () => {
  it("matches a word-by-word reference across partitions: pages in doc order, cursors over partition edges, counts, filters", async () => {
    const lines = corpus(120);
    // 9 samples per partition: 14 partitions, so every page and count crosses partition boundaries.
    const { db, admin, runId, ingestId } = await indexedRun(lines, 9);
    expect((db.$client.prepare("select count(*) n from search_partitions where ingest_id = ?").get(ingestId) as { n: number }).n).toBe(14);
    for (const q of ["answer", "answ", "answers", "ANSWER question", "cafe", "café", "naive", "strasse", "id7", "id77x", "zebra chart", "nothingmatches"]) {
      const want = expected(lines, q);
      const { docIds, totals } = everyPage(db, admin, runId, { q });
      expect(docIds, q).toEqual(want);
      expect(totals[0], q).toBe(want.length);
      expect(everyPage(db, admin, runId, { q, correct: "false" }).docIds, `${q} wrong only`).toEqual(expected(lines, q, (l) => !l.correct));
      expect(everyPage(db, admin, runId, { q, docId: 50 }).docIds, `${q} from doc 50`).toEqual(want.filter((d) => d >= 50));
    }
  });

  it("folds case and diacritics the same way for the text and the query", async () => {
    expect(searchWords("Café, NAÏVE ﬁx_42 e\u0301te\u0301")).toEqual(["cafe", "naive", "fix", "42", "ete"]);
    // A very long word is kept by its first 64 characters, never cut inside a character.
    expect(searchWords("\u{20000}".repeat(70))).toEqual(["\u{20000}".repeat(64)]);
    const { db, admin, runId } = await indexedRun([
      { docId: 0, input: "Un café naïve", response: "x", correct: true },
      { docId: 1, input: "cafeteria", response: "x", correct: true },
      { docId: 2, input: "tea", response: "x", correct: true },
    ]);
    const search = (q: string) => listSamples({ db, ctx: ctxFor(admin), runId, input: { task: "t", q } }).items.map((s) => s.docId);
    expect(search("cafe")).toEqual([0, 1]);
    expect(search("CAFÉ")).toEqual([0, 1]);
    expect(search("NAIVE caf")).toEqual([0]);
    expect(search("ea")).toEqual([]);
    expect(() => search(Array.from({ length: 17 }, (_, i) => `w${i}`).join(" "))).toThrow("search with at most 16 words");
    expect(search("cafe cafe cafe cafe cafe cafe cafe cafe cafe cafe cafe cafe cafe cafe cafe cafe cafe")).toEqual([0, 1]);
  });

  it("gives the same answers when sample ids do not follow doc order (a file not sorted by doc_id)", async () => {
    const lines = corpus(60);
    const { db, admin, runId, ingestId } = await indexedRun([...lines].reverse(), 8);
    expect(db.$client.prepare("select distinct in_doc_order from search_partitions where ingest_id = ?").pluck().all(ingestId)).toEqual([0]);
    for (const q of ["answer", "question colour", "id3"]) {
      expect(everyPage(db, admin, runId, { q }).docIds, q).toEqual(expected(lines, q));
      expect(everyPage(db, admin, runId, { q, correct: "true" }).docIds, q).toEqual(expected(lines, q, (l) => l.correct));
    }
  });

  it("indexes each task's words under its own partitions, so a search never reads another run's entries", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const a = await runWith(db, admin, "t", corpus(30));
    const b = await runWith(db, admin, "t", corpus(30));
    await buildSearchIndex(db, a.ingestId, { partitionSize: 10 });
    await buildSearchIndex(db, b.ingestId, { partitionSize: 10 });
    // The same word in two runs of three partitions each: six separate index terms, one per partition.
    const terms = db.$client.prepare("select term, doc from samples_fts_terms where term like '%\\_zebra' escape '\\'").all() as Array<{ term: string; doc: number }>;
    expect(terms).toHaveLength(6);
    expect(new Set(terms.map((t) => t.term.split("_")[0])).size).toBe(6);
    // And searching one run finds only its own samples.
    expect(everyPage(db, admin, a.runId, { q: "zebra" }).docIds).toEqual(expected(corpus(30), "zebra"));
  });

  it("a count beyond 10,000 matches stops at the cap and says so", async () => {
    const lines = Array.from({ length: 10_050 }, (_, doc) => ({ docId: doc, input: `answer ${doc}`, response: "x", correct: true }));
    const { db, admin, runId } = await indexedRun(lines, 3_000);
    const page = listSamples({ db, ctx: ctxFor(admin), runId, input: { task: "t", q: "answer" } });
    expect(page).toMatchObject({ total: 10_000, totalIsLowerBound: true, nextCursor: 49 });
    expect(listSamples({ db, ctx: ctxFor(admin), runId, input: { task: "t", q: "answer", docId: 10_000 } })).toMatchObject({ total: 50, totalIsLowerBound: false });
  });

  it("a re-import replaces the index: the old answers are no longer found, the new ones are", async () => {
    const { db, admin, ...first } = await indexedRun([{ docId: 0, input: "old words", response: "x", correct: true }]);
    const second = await runWithSamples(db, { createdById: admin.id, task: "t", runId: first.runId, stamp: "20260102_000000", lines: [{ docId: 0, input: "new words", response: "y", correct: true }] });
    await buildSearchIndex(db, second.ingestId);
    const search = (q: string) => listSamples({ db, ctx: ctxFor(admin), runId: first.runId, input: { task: "t", q } }).items.map((s) => s.input);
    expect(search("old")).toEqual([]);
    expect(search("new")).toEqual(["new words"]);
    expect(db.$client.prepare("select count(*) from search_partitions where ingest_id = ?").pluck().get(first.ingestId)).toBe(0);
  });

  it("the index build yields to the event loop between batches and is idempotent", async () => {
    const db = freshDb();
    const admin = insertUser(db, "admin");
    const lines = corpus(7_000);
    const { runId, ingestId } = await runWith(db, admin, "t", lines);
    let ticks = 0;
    const tick = () => {
      ticks++;
      timer = setImmediate(tick);
    };
    let timer = setImmediate(tick);
    await buildSearchIndex(db, ingestId);
    clearImmediate(timer);
    // 7,000 samples are four write batches: other work ran between them.
    expect(ticks).toBeGreaterThanOrEqual(3);
    // A second build (a worker restarting mid-build) starts clean: no duplicate entries.
    await buildSearchIndex(db, ingestId);
    expect(db.$client.prepare("select count(*) from samples_fts").pluck().get()).toBe(7_000);
    expect(everyPage(db, admin, runId, { q: "id6999x" }).docIds).toEqual([6999]);
  });

  it("a download streams every match in doc order, a batch at a time", async () => {
    const lines = corpus(2_500);
    const { db, admin, runId } = await indexedRun(lines, 700);
    const batches: SampleDto[][] = [];
    for await (const batch of streamSamples({ db, ctx: ctxFor(admin), runId, input: { task: "t", q: "answer" } })) batches.push(batch);
    expect(batches.flat().map((s) => s.docId)).toEqual(expected(lines, "answer"));
    expect(batches.length).toBeGreaterThan(1);
    expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(1_000);
  });
});
