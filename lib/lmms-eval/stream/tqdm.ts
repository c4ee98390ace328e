export type TqdmFrame = {
  desc: string | null;
  percent: number;
  n: number;
  total: number;
  elapsedSeconds: number;
  etaSeconds: number | null;
  /** Items per second; tqdm's `s/it` form is inverted. */
  rate: number | null;
  postfix: string | null;
};

// tqdm's format_meter with a known total (docs/LMMS-EVAL-BEHAVIOUR.md §tqdm), e.g.
// `Model Responding:  45%|████▌     | 2458/5462 [02:52<03:31, 14.22it/s, tokens=2,851,740]`.
const TQDM_FRAME =
  /^(?:(?<desc>.*?): )?\s*(?<pct>\d{1,3})%\|[^|]*\| (?<n>[\d.]+[kMGTPEZY]?)\/(?<total>[\d.]+[kMGTPEZY]?) \[(?<elapsed>[\d:]+)<(?<eta>[\d:?]+), *(?<rate>[^,\]]+)(?:, (?<postfix>[^\]]*))?\]/;
// make_progress log lines used by vllm/sglang when stderr is not a TTY (§phases), inside a loguru message:
// `[rank 0] Model Responding: 104/2837 (3.7%) | 1.52 it/s | elapsed 1m08s | ETA 30m02s`
const RANK_PROGRESS =
  /\[rank \d+\] (?<desc>.+?): (?<n>\d+)\/(?<total>\d+) \((?<pct>[\d.]+)%\)(?: \| (?<rate>[\d.]+) it\/s)?(?: \| elapsed (?<elapsed>\S+))?(?: \| ETA (?<eta>\S+))?/;
// ... and its closing line: `[rank 0] Model Responding: done 2837/2837 in 31m02s (1.52 it/s)`
const RANK_PROGRESS_DONE = /\[rank \d+\] (?<desc>.+?): done (?<n>\d+)\/(?<total>\d+) in (?<elapsed>\S+) \((?<rate>[\d.]+) it\/s\)/;

const SI_FACTORS: Record<string, number> = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18, Z: 1e21, Y: 1e24 };

function parseScaledNumber(text: string): number {
  const suffix = text.at(-1) ?? "";
  const factor = SI_FACTORS[suffix];
  return factor ? Number(text.slice(0, -1)) * factor : Number(text);
}

/** `mm:ss` or `h:mm:ss`. */
function parseClock(text: string): number | null {
  if (!/^\d+(:\d+)*$/.test(text)) return null;
  return text.split(":").reduce((seconds, part) => seconds * 60 + Number(part), 0);
}

/** make_progress durations: `68s`, `1m08s`, `1h02m`; `?` when unknown. */
function parseCompactDuration(text: string): number | null {
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (!match || text === "") return null;
  const [, hours = "0", minutes = "0", seconds = "0"] = match;
  return Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
}

function parseRate(text: string): number | null {
  const perSecond = /^\s*([\d.]+)([kMGTPEZY]?)\s*[^/\d]*\/s$/.exec(text);
  if (perSecond) return Number(perSecond[1]) * (SI_FACTORS[perSecond[2]] ?? 1);
  const secondsPerItem = /^\s*([\d.]+)\s*s\/\S+$/.exec(text);
  if (secondsPerItem && Number(secondsPerItem[1]) > 0) return 1 / Number(secondsPerItem[1]);
  return null;
}

function percentOf(n: number, total: number, shown: number): number {
  return total > 0 ? Math.min(100, (n / total) * 100) : shown;
}

/**
 * Parses one ANSI-stripped tqdm frame (a `\r`/`\n`-delimited stderr segment) or a make_progress log line.
 * Bars without a known total (`Generating test split: 6 examples [00:00, …]`) have no percentage and give null.
 */
export function parseTqdmFrame(plain: string): TqdmFrame | null {
  const bar = TQDM_FRAME.exec(plain);
  if (bar?.groups) {
    const { desc, pct, n, total, elapsed, eta, rate, postfix } = bar.groups;
    const count = parseScaledNumber(n);
    const totalCount = parseScaledNumber(total);
    return {
      desc: desc?.trim() || null,
      percent: percentOf(count, totalCount, Number(pct)),
      n: count,
      total: totalCount,
      elapsedSeconds: parseClock(elapsed) ?? 0,
      etaSeconds: parseClock(eta),
      rate: parseRate(rate),
      postfix: postfix?.trim() || null,
    };
  }
  const done = RANK_PROGRESS_DONE.exec(plain);
  if (done?.groups) {
    const { desc, n, total, elapsed, rate } = done.groups;
    return {
      desc,
      percent: percentOf(Number(n), Number(total), 100),
      n: Number(n),
      total: Number(total),
      elapsedSeconds: parseCompactDuration(elapsed) ?? 0,
      etaSeconds: 0,
      rate: Number(rate),
      postfix: null,
    };
  }
  const logged = RANK_PROGRESS.exec(plain);
  if (logged?.groups) {
    const { desc, n, total, pct, rate, elapsed, eta } = logged.groups;
    return {
      desc,
      percent: percentOf(Number(n), Number(total), Number(pct)),
      n: Number(n),
      total: Number(total),
      elapsedSeconds: elapsed ? (parseCompactDuration(elapsed) ?? 0) : 0,
      etaSeconds: eta ? parseCompactDuration(eta) : null,
      rate: rate ? Number(rate) : null,
      postfix: null,
    };
  }
  return null;
}
