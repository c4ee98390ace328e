import { RateLimitedError } from "@/lib/services/errors";

/**
 * Per-user limits for the requests that read the most (searches, downloads, per-sample diffs). SQLite runs on the web
 * process's thread, so a burst of them from one client — a script in a loop, a stuck retry — would delay every other
 * request, health checks included; past a short burst such requests are answered 429 with Retry-After instead.
 * Token buckets in memory: one web process, and a restart forgetting them is harmless.
 */

export type RateLimit = {
  /** Shown in the 429 message: what was asked too often. */
  what: string;
  /** Requests allowed at once after a quiet period. */
  burst: number;
  /** Requests regained per second. */
  perSecond: number;
};

export const RATE_LIMITS = {
  search: { what: "searches", burst: 10, perSecond: 2 },
  download: { what: "downloads", burst: 5, perSecond: 0.2 },
  sampleDiff: { what: "per-sample comparisons", burst: 10, perSecond: 2 },
} as const satisfies Record<string, RateLimit>;

/** A 429 that says when to come back (the route wrapper sends it as Retry-After). */
export class TooManyRequestsError extends RateLimitedError {
  constructor(
    limit: RateLimit,
    readonly retryAfterSeconds: number,
  ) {
    super(`Too many ${limit.what} in a short time: at most ${limit.burst} at once, then ${limit.perSecond * 60} a minute. Try again in ${retryAfterSeconds} s.`);
  }
}

type Bucket = { tokens: number; at: number };
// On globalThis: pages and route handlers are separate bundles in one process, and a user's searches count in both.
const globalForBuckets = globalThis as unknown as { __lmmsDashboardRateBuckets?: Map<string, Bucket> };
const buckets = (globalForBuckets.__lmmsDashboardRateBuckets ??= new Map<string, Bucket>());
/** Buckets refilled long ago hold no information: they are dropped when the map grows, so it stays small. */
const MAX_BUCKETS = 10_000;

/** Takes one request from the user's bucket for `limit`, or throws TooManyRequestsError. */
export function enforceRateLimit(limit: RateLimit, userId: number, now = Date.now()): void {
  const key = `${limit.what}:${userId}`;
  const bucket = buckets.get(key) ?? { tokens: limit.burst, at: now };
  bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.at) / 1000) * limit.perSecond);
  bucket.at = now;
  if (bucket.tokens < 1) {
    buckets.set(key, bucket);
    throw new TooManyRequestsError(limit, Math.ceil((1 - bucket.tokens) / limit.perSecond));
  }
  bucket.tokens -= 1;
  buckets.delete(key);
  buckets.set(key, bucket);
  if (buckets.size > MAX_BUCKETS) buckets.delete(buckets.keys().next().value!);
}
