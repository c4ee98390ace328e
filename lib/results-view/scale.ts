/**
 * Whether a reported stderr can be turned into a CI around the reported value.
 *
 * lmms-eval computes `_stderr_clt` from the per-sample scores (or `x[score_key]` for dict scores), but some tasks
 * aggregate those scores into a number on another scale: MME's `mme_perception_score` is a sum of per-category
 * accuracy(+) × 100 (0–2000) while its stderr_clt is that of the 0/1 per-sample scores (≈0.007). A "1713.30 ± 0.01"
 * would claim a precision the run does not have, so such CIs are withheld with the reason.
 *
 * The test: per-sample scores in [0, 1] have a standard deviation of at most 0.5 (× √(n/(n−1)) for the sample
 * estimate). When the stderr implies such a per-sample SD (SD = stderr·√n) but the value lies above 1 and is much
 * larger than that SD, the value cannot be the mean those scores were drawn from. Because n is only known per task
 * (not per metric), a value more than 1000 stderrs away from 0 is also called a mismatch unless n makes that
 * implausible. A heuristic: it errs towards withholding a CI, and the table says why.
 */
export type ScaleCheck = { status: "ok" } | { status: "missing"; reason: string } | { status: "mismatch"; reason: string };

/** How far above the implied per-sample SD a value must be before the scales are called different. */
const VALUE_TO_SD_RATIO = 10;
/** A stderr this tiny next to a value above 1 is called a mismatch on its own. */
const VALUE_TO_STDERR_RATIO = 1000;

export function checkStderrScale({ value, stderr, n }: { value: number | null; stderr: number | null; n: number | null }): ScaleCheck {
  if (value === null || !Number.isFinite(value)) return { status: "missing", reason: "The value is not a number." };
  if (stderr === null || !Number.isFinite(stderr) || stderr < 0) return { status: "missing", reason: "lmms-eval reported no stderr for this metric (N/A)." };
  const magnitude = Math.abs(value);
  if (magnitude <= 1 || stderr === 0) return { status: "ok" };
  const mismatch: ScaleCheck = {
    status: "mismatch",
    reason:
      `The stderr (${stderr.toPrecision(3)}) is on the per-sample 0–1 score scale, but the value is an aggregate on another scale ` +
      "(e.g. MME sums per-category accuracies × 100, 0–2000), so value ± 1.96·stderr would be meaningless.",
  };
  if (stderr > 0.5) return { status: "ok" };
  const knownN = n !== null && Number.isFinite(n) && n >= 2 ? n : null;
  const maxUnitSd = knownN === null ? 0.5 : 0.5 * Math.sqrt(knownN / (knownN - 1)) + 1e-9;
  const impliedSd = knownN === null ? null : stderr * Math.sqrt(knownN);
  // Strong evidence: with n, the per-sample SD fits 0–1 scores and the value is far above it.
  if (impliedSd !== null && impliedSd <= maxUnitSd && magnitude >= VALUE_TO_SD_RATIO * impliedSd) return mismatch;
  // `n` is the task's document count, which can exceed the metric's own sample count (MME's cognition score covers
  // ~260 of 2374 docs), so the SD above can be overstated. An extreme value/stderr ratio decides alone, unless even a
  // 25× smaller sample count would leave a per-sample SD beyond the 0–1 scale.
  const exonerated = impliedSd !== null && impliedSd >= 5 * maxUnitSd;
  return !exonerated && magnitude / stderr >= VALUE_TO_STDERR_RATIO ? mismatch : { status: "ok" };
}
