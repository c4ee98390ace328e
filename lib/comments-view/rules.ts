/**
 * The rules of discussions that both the server and the browser need (the composer counts characters and offers the
 * labels; the service enforces them). No server imports here: this module ships to the browser.
 */
import type { SharePermission } from "@/db/vocabulary";

export const COMMENT_LABELS = ["label error", "ambiguous", "model error", "good example"] as const;
export type CommentLabel = (typeof COMMENT_LABELS)[number];

export const MAX_COMMENT_LENGTH = 10_000;

export { SHARE_PERMISSIONS, type SharePermission } from "@/db/vocabulary";

export const SHARE_PERMISSION_HINT: Record<SharePermission, string> = {
  view: "can read the run, its samples and its discussion",
  comment: "can also take part in the discussion",
  control: "can also cancel and re-run it",
};

/** The comparison discussion key for a set of runs: ids unique and sorted, so "7,3" and "3,7" share one thread. */
export function comparisonKeyOf(runIds: number[]): string {
  return `runs:${[...new Set(runIds)].sort((a, b) => a - b).join(",")}`;
}
