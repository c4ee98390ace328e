/** Small helpers shared by the benchmark scripts (figures go into docs/PERFORMANCE.md, never into test assertions). */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export function fmt(n: number, digits = 1): string {
  return Number.isFinite(n) ? n.toFixed(digits) : "n/a";
}

export function table(rows: Array<Record<string, string | number>>): string {
  const headers = Object.keys(rows[0]);
  const lines = [`| ${headers.join(" | ")} |`, `| ${headers.map(() => "---").join(" | ")} |`];
  for (const row of rows) lines.push(`| ${headers.map((h) => String(row[h])).join(" | ")} |`);
  return lines.join("\n");
}

export function machine(): string {
  const os = require("node:os") as typeof import("node:os");
  return `${os.cpus().length} × ${os.cpus()[0]?.model ?? "cpu"}, ${Math.round(os.totalmem() / 1024 ** 3)} GiB, Node ${process.version}`;
}

/** Milliseconds of each of `repeats` calls (the call's index is passed, for calls that differ). */
export function timeCalls(fn: (i: number) => unknown, repeats: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const started = performance.now();
    fn(i);
    times.push(performance.now() - started);
  }
  return times;
}
