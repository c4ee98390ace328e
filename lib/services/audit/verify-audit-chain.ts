import type { DB } from "@/db/client";
import { hashAuditRow, storedAuditRows, type StoredAuditRow } from "./chain";
import { latestPruneCheckpoint, type PruneCheckpoint } from "./prune-audit-log";

export type AuditChainReport = {
  /** Entries whose hash and link were checked (up to the first broken one). */
  checked: number;
  /** The newest entry checked: keep its hash somewhere else to notice a later deletion of the newest entries. */
  head: { id: number; hash: string } | null;
  /** Where verification started: the first entry ever, or the pruning checkpoint vouching for the oldest kept entry. */
  start: { kind: "genesis" } | { kind: "checkpoint"; checkpointId: number; prunedThroughId: number } | null;
  broken: { id: number; problem: string } | null;
};

const short = (hash: string | number | null) => (typeof hash === "string" ? `${hash.slice(0, 12)}…` : String(hash));

/**
 * Walks the chain from the oldest entry and reports the first broken link: an entry whose content no longer matches
 * its hash (changed after it was written), an entry that does not follow the one before it (something in between was
 * deleted, or the one before was rewritten), or an oldest entry that no pruning checkpoint accounts for (older entries
 * deleted). Reads in batches; nothing is held in memory but the previous entry.
 */
export function verifyAuditChain(db: DB): AuditChainReport {
  const checkpoint = latestPruneCheckpoint(db);
  const report: AuditChainReport = { checked: 0, head: null, start: null, broken: null };
  let previous: { id: number; hash: string } | null = null;
  for (const row of storedAuditRows(db)) {
    const id = row.id as number;
    const problem = previous ? linkProblem(row, previous) : startProblem(row, checkpoint);
    if (problem) {
      report.broken = { id, problem };
      return report;
    }
    if (!previous) report.start = checkpoint ? { kind: "checkpoint", checkpointId: checkpoint.id, prunedThroughId: checkpoint.prunedThroughId } : { kind: "genesis" };
    previous = { id, hash: row.hash as string };
    report.checked++;
    report.head = previous;
  }
  return report;
}

function contentProblem(row: StoredAuditRow): string | null {
  if (typeof row.hash !== "string") return `entry #${row.id} has no hash: it was written around the chain`;
  const actual = hashAuditRow(row);
  if (actual === row.hash) return null;
  return `entry #${row.id} was changed after it was written: its content hashes to ${short(actual)}, its stored hash is ${short(row.hash)}`;
}

function startProblem(row: StoredAuditRow, checkpoint: PruneCheckpoint | null): string | null {
  const content = contentProblem(row);
  if (content) return content;
  if (row.prev_hash === null) {
    if (!checkpoint) return null;
    return `entry #${row.id} starts a new chain, but entry #${checkpoint.id} records that entries up to #${checkpoint.prunedThroughId} were pruned: the log was replaced`;
  }
  if (checkpoint && row.prev_hash === checkpoint.prunedThroughHash && (row.id as number) > checkpoint.prunedThroughId) return null;
  const accounted = checkpoint ? `the last pruning (entry #${checkpoint.id}) ended at #${checkpoint.prunedThroughId} with ${short(checkpoint.prunedThroughHash)}` : "nothing was ever pruned";
  return `entry #${row.id}, the oldest, follows an entry (${short(row.prev_hash)}) that is gone and ${accounted}: older entries were deleted`;
}

function linkProblem(row: StoredAuditRow, previous: { id: number; hash: string }): string | null {
  const content = contentProblem(row);
  if (content) return content;
  if (row.prev_hash === previous.hash) return null;
  const id = row.id as number;
  const missing = id - previous.id - 1;
  if (missing > 0) {
    const which = missing === 1 ? `entry #${previous.id + 1} is missing` : `entries #${previous.id + 1}–#${id - 1} are missing`;
    return `entry #${id} does not follow entry #${previous.id}: ${which} (deleted)`;
  }
  return `entry #${id} does not follow entry #${previous.id}: it links to ${short(row.prev_hash)}, but #${previous.id} hashes to ${short(previous.hash)} (#${previous.id} was rewritten with a new hash, or #${id}'s link was changed)`;
}
