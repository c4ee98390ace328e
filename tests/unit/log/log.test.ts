import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLogger, formatLogLines } from "@/lib/log.mjs";

const ROOT = path.resolve(import.meta.dirname, "..", "..", "..");
const AT = new Date("2026-03-04T05:06:07.089Z");
const STAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z \[\w+\] /;

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (chunk: string) => chunks.push(chunk) };
}

describe("logger", () => {
  it("stamps every line of a message, including an error's stack", () => {
    expect(formatLogLines("worker", "disconnected from the web process; will reconnect", AT)).toBe("2026-03-04T05:06:07.089Z [worker] disconnected from the web process; will reconnect\n");
    const out = sink();
    const err = sink();
    const log = createLogger("api", { stdout: out, stderr: err, now: () => AT });
    log.info("ready", { port: 3000 });
    log.error("request 7 failed:", new Error("boom"));
    expect(out.chunks).toEqual(["2026-03-04T05:06:07.089Z [api] ready { port: 3000 }\n"]);
    const lines = err.chunks.join("").trimEnd().split("\n");
    expect(lines[0]).toBe("2026-03-04T05:06:07.089Z [api] request 7 failed: Error: boom");
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every((l) => l.startsWith("2026-03-04T05:06:07.089Z [api] "))).toBe(true);
  });

  it("stampProcessOutput stamps what libraries write themselves — console.*, raw stream writes in pieces, Buffers — once", () => {
    // A child process: the streams are patched for good, which a test runner's own process must not suffer.
    const script = `
      import("./lib/log.mjs").then(({ stampProcessOutput, createLogger }) => {
        const log = stampProcessOutput("web");
        log.info("ready");
        createLogger("api").error("request failed");
        console.log("from console.log\\nsecond line");
        process.stdout.write(" GET /api/health 200");
        process.stdout.write(" in 4ms\\n");
        process.stderr.write(Buffer.from("⚠ a warning written as bytes\\n"));
        console.warn("");
      });`;
    const child = spawnSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
    expect(child.status, child.stderr).toBe(0);
    const stdout = child.stdout.replace(/\n$/, "").split("\n");
    const stderr = child.stderr.replace(/\n$/, "").split("\n");
    for (const line of [...stdout, ...stderr]) expect(line).toMatch(STAMP);
    expect(stdout.map((l) => l.replace(STAMP, ""))).toEqual(["ready", "from console.log", "second line", " GET /api/health 200 in 4ms"]);
    expect(stdout[0]).toMatch(/\[web\] ready$/);
    expect(stderr.map((l) => l.replace(STAMP, ""))).toEqual(["request failed", "⚠ a warning written as bytes", ""]);
    expect(stderr[0]).toMatch(/\[api\] request failed$/);
  });
});
