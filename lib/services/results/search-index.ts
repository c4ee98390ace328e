import { and, eq } from "drizzle-orm";
import type { DB } from "@/db/client";
import { ingests } from "@/db/schema";

/**
 * The samples browser's full-text search, partitioned by scope (see `searchPartitions` in db/schema/results.ts).
 *
 * FTS5 answers a prefix query (`"word"*`) by merging the entries of every term with that prefix across the whole
 * index before it returns a row, and no rowid range narrows that merge. With one index over every run's samples, a
 * common word cost ~1.3 s at 1M samples whatever task was browsed. Here every indexed word carries its partition
 * (one task of one ingest, at most SEARCH_PARTITION_SIZE samples in doc order), so a query reads only the entries of
 * the partitions it browses, one partition at a time, and stops when its page and count are full.
 */

/** Samples per partition: large enough that a rare word costs few partition lookups, small enough that a word in every sample merges quickly (docs/PERFORMANCE.md). */
export const SEARCH_PARTITION_SIZE = 20_000;
/** Samples read per query of the index build. */
const BUILD_BATCH = 2_000;
/**
 * The longest the build holds the thread (and the write lock) at a time: it commits and yields to the event loop
 * this often, so an import in the web process delays other requests by at most about this much.
 */
const BUILD_SLICE_MS = 20;
/** Longer words are indexed and searched by their first 64 characters (an inline image or hash is not a word). */
const MAX_WORD_LENGTH = 64;

const NON_ASCII = /[^\x00-\x7f]/;

/**
 * The words search matches: letters and digits, lower case, diacritics removed ("Café" → "cafe"). The index and the
 * query go through this one function, so what is indexed is exactly what a query can name.
 */
export function searchWords(text: string): string[] {
  // Pure ASCII (most model output) needs no Unicode folding and splits much faster on an ASCII class.
  const words = NON_ASCII.test(text)
    ? text.normalize("NFKD").replace(/\p{M}+/gu, "").toLowerCase().match(/[\p{L}\p{N}]+/gu)
    : text.toLowerCase().match(/[a-z0-9]+/g);
  // Cut by code points, never inside a surrogate pair.
  return words ? words.map((w) => (w.length > MAX_WORD_LENGTH ? [...w].slice(0, MAX_WORD_LENGTH).join("") : w)) : [];
}

const partitionTag = (partitionId: number) => `${partitionId.toString(36)}_`;

/** What one sample's row in `samples_fts` holds: each distinct word once, tagged with its partition. */
function indexedTerms(partitionId: number, texts: Array<string | null>): string {
  const tag = partitionTag(partitionId);
  const seen = new Set<string>();
  for (const text of texts) if (text) for (const word of searchWords(text)) seen.add(word);
  let terms = "";
  for (const word of seen) terms += `${tag}${word} `;
  return terms;
}

/** A prefix standing for more whole words than this is queried as a prefix (one merge) instead of an OR of words. */
const MAX_EXPANSION = 32;

/** The first string after every string that starts with `prefix` (UTF-8 byte order is code point order). */
function afterPrefix(prefix: string): string {
  const last = prefix.codePointAt(prefix.length - 1)!;
  return prefix.slice(0, prefix.length - (last > 0xffff ? 2 : 1)) + String.fromCodePoint(last + 1);
}

/**
 * The FTS5 query for one partition — every word must start a word of the sample — or null when some word starts no
 * word there (the partition is skipped without reading its rows). Each word becomes the OR of the whole words it
 * starts in this partition: FTS5 reads such a query lazily, in rowid order, and stops with the page; a prefix query
 * (`"word"*`) would first merge every entry it matches.
 */
export function partitionMatch(db: DB, partitionId: number, words: string[]): string | null {
  const tag = partitionTag(partitionId);
  const expand = db.$client.prepare(`select term from samples_fts_terms where term >= ? and term < ? limit ${MAX_EXPANSION + 1}`).pluck();
  const parts: string[] = [];
  for (const word of words) {
    const terms = expand.all(tag + word, afterPrefix(tag + word)) as string[];
    if (terms.length === 0) return null;
    parts.push(terms.length > MAX_EXPANSION ? `"${tag}${word}"*` : `(${terms.map((t) => `"${t}"`).join(" OR ")})`);
  }
  return parts.join(" AND ");
}

export type SearchPartitionSpan = { id: number; firstDocId: number; lastDocId: number; inDocOrder: boolean };

/** The partitions of one task of an ingest, in doc order. */
export function searchPartitionsOf(db: DB, ingestId: number, task: string): SearchPartitionSpan[] {
  return (
    db.$client
      .prepare("select id, first_doc_id firstDocId, last_doc_id lastDocId, in_doc_order inDocOrder from search_partitions where ingest_id = ? and task = ? order by first_doc_id")
      .all(ingestId, task) as Array<Omit<SearchPartitionSpan, "inDocOrder"> & { inDocOrder: number }>
  ).map((p) => ({ ...p, inDocOrder: p.inDocOrder === 1 }));
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Drops whatever index an ingest has (a build a crash interrupted), so a build can start clean. */
function dropSearchIndex(db: DB, ingestId: number): void {
  const client = db.$client;
  // A partition is written in the same transaction as its first entries: no partition, no entries.
  if (!client.prepare("select 1 from search_partitions where ingest_id = ? limit 1").get(ingestId)) return;
  db.transaction(() => {
    client.prepare("delete from samples_fts where rowid in (select id from samples where ingest_id = ?)").run(ingestId);
    client.prepare("delete from search_partitions where ingest_id = ?").run(ingestId);
  });
}

type SampleText = { id: number; doc_id: number; input: string | null; target: string | null; response: string };

/**
 * Builds the partitioned index of a committed ingest, task by task in doc order, in short transactions that yield
 * to the event loop between them (an import in the web process must not stall other requests). Runs after the
 * commit so results are browsable at once; search scans until it is done. An ingest purged meanwhile (a re-ingest
 * superseded it) ends the build quietly. `partitionSize` exists for tests (many partitions from a few samples).
 */
export async function buildSearchIndex(db: DB, ingestId: number, { partitionSize = SEARCH_PARTITION_SIZE } = {}): Promise<void> {
  const client = db.$client;
  dropSearchIndex(db, ingestId);
  const tasks = client.prepare("select distinct task from samples where ingest_id = ? order by task").pluck().all(ingestId) as string[];
  const readBatch = client.prepare("select id, doc_id, input, target, response from samples where ingest_id = ? and task = ? and doc_id > ? order by doc_id limit ?");
  const insertTerms = client.prepare("insert into samples_fts (rowid, terms) values (?, ?)");
  const openPartition = client.prepare("insert into search_partitions (ingest_id, task, first_doc_id, last_doc_id, in_doc_order) values (?, ?, ?, ?, 1) returning id").pluck();
  const closePartition = client.prepare("update search_partitions set last_doc_id = ?, in_doc_order = ? where id = ?");
  const ingestExists = client.prepare("select 1 from ingests where id = ?").pluck();
  for (const task of tasks) {
    let partition = { id: 0, size: partitionSize, lastDocId: -1, lastId: -1, inDocOrder: true };
    for (let after = -1; ; ) {
      const rows = readBatch.all(ingestId, task, after, BUILD_BATCH) as SampleText[];
      if (rows.length === 0) break;
      for (let next = 0; next < rows.length; ) {
        const written = db.transaction(() => {
          if (!ingestExists.get(ingestId)) return false;
          const started = performance.now();
          do {
            const row = rows[next++];
            if (partition.size >= partitionSize) {
              if (partition.id) closePartition.run(partition.lastDocId, partition.inDocOrder ? 1 : 0, partition.id);
              partition = { id: openPartition.get(ingestId, task, row.doc_id, row.doc_id) as number, size: 0, lastDocId: row.doc_id, lastId: -1, inDocOrder: true };
            }
            insertTerms.run(row.id, indexedTerms(partition.id, [row.input, row.target, row.response]));
            partition.size++;
            partition.lastDocId = row.doc_id;
            if (row.id < partition.lastId) partition.inDocOrder = false;
            partition.lastId = row.id;
          } while (next < rows.length && performance.now() - started < BUILD_SLICE_MS);
          closePartition.run(partition.lastDocId, partition.inDocOrder ? 1 : 0, partition.id);
          return true;
        });
        if (!written) return;
        await yieldToEventLoop();
      }
      after = rows[rows.length - 1].doc_id;
    }
  }
  db.update(ingests).set({ searchIndexed: true }).where(eq(ingests.id, ingestId)).run();
}

/** Worker start: build the indexes a crash left unbuilt (and, after an upgrade, every index in the new layout). */
export async function buildMissingSearchIndexes(db: DB): Promise<number> {
  const pending = db
    .select({ id: ingests.id })
    .from(ingests)
    .where(and(eq(ingests.status, "committed"), eq(ingests.searchIndexed, false)))
    .all();
  for (const { id } of pending) await buildSearchIndex(db, id);
  return pending.length;
}
