import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { io as connect } from "socket.io-client";
import { openDatabase } from "../../db/client";
import { setDb } from "../../lib/db";
import { users } from "../../db/schema";
import { createLineSplitter, ProgressTracker, stripAnsi } from "../../lib/lmms-eval/stream";
import { EVENTS, INTERNAL_NAMESPACE } from "../../lib/realtime/events";
import { attachSocketServer } from "../../lib/realtime/socket-server";
import { createRun } from "../../lib/services/runs/create-run";
import { localExecutor } from "../../workers/runner/local-executor";
import { Runner } from "../../workers/runner/runner";
import { connectPublisher } from "../../workers/publisher";
import { copyOf, realisticDb, samplesArg } from "./realistic-db";
import { fmt, machine, percentile, table } from "./stats";

/**
 * npm run bench:runner
 * 1. Console parser throughput on a synthetic 50 MB lmms-eval console stream, beside a naive split (the floor).
 * 2. Latency from a tqdm frame written by the child to the socket.io event a browser receives, through the real
 *    worker pipeline (splitter → tracker → throttled publish → web relay), beside a bare socket.io relay round trip,
 *    with the run stored in a copy of the realistic database (`--samples 10000000` for the 10M one).
 */

function syntheticConsole(targetBytes: number): Buffer {
  const log = (i: number) =>
    `\u001b[32m2026-08-06 10:15:02\u001b[0m | \u001b[1mINFO    \u001b[0m | \u001b[36mlmms_eval.evaluator\u001b[0m:\u001b[36mevaluate\u001b[0m:\u001b[36m906\u001b[0m - \u001b[1mRunning generate_until requests ${i}\u001b[0m\n`;
  const frame = (n: number) => `\rModel Responding:  ${Math.floor((n / 100000) * 100)}%|████▌     | ${n}/100000 [00:40<00:50, 11.2it/s, tokens=${n * 7}]`;
  const parts: string[] = [];
  let size = 0;
  for (let i = 0; size < targetBytes; i++) {
    const chunk = i % 20 === 0 ? log(i) : frame(i % 100000);
    parts.push(chunk);
    size += Buffer.byteLength(chunk);
  }
  return Buffer.from(parts.join(""));
}

function parserThroughput(data: Buffer): { pipelineMBs: number; naiveMBs: number } {
  const chunk = 64 * 1024;
  const mb = data.length / 1024 ** 2;
  const t0 = performance.now();
  const tracker = new ProgressTracker();
  const splitter = createLineSplitter((text, term) => tracker.feed("stderr", stripAnsi(text), term));
  for (let i = 0; i < data.length; i += chunk) splitter.push(data.subarray(i, i + chunk));
  splitter.end();
  const pipelineSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  let segments = 0;
  for (let i = 0; i < data.length; i += chunk) segments += data.subarray(i, i + chunk).toString("utf8").split(/\r|\n/).length;
  const naiveSeconds = (performance.now() - t1) / 1000;
  if (segments === 0) throw new Error("unreachable");
  return { pipelineMBs: mb / pipelineSeconds, naiveMBs: mb / naiveSeconds };
}

async function latency(): Promise<{ endToEnd: number[]; relay: number[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-runner-"));
  const db = openDatabase(copyOf((await realisticDb({ samples: samplesArg() })).file, dataDir));
  setDb(db);
  const user = db.insert(users).values({ email: "bench@x.org", name: "bench", role: "member", passwordHash: "x" }).returning().get();
  const secret = "bench-secret-0123456789";
  const internalSecret = "bench-internal-0123456789";
  const server = http.createServer();
  attachSocketServer(server, { nextAuthSecret: secret, internalSecret, secureCookie: false });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as { port: number }).port;
  const cookie = `next-auth.session-token=${await encode({ token: { sub: String(user.id), sv: 1 }, secret })}`;
  const browser = connect(`http://127.0.0.1:${port}`, { extraHeaders: { cookie }, transports: ["websocket"] });
  await new Promise<void>((r) => browser.on("connect", () => r()));

  // Bare relay: internal client → web → browser, the floor under any pipeline.
  const publisher = connectPublisher({ port, secret: internalSecret, log: () => {}, onWake: () => {} });
  await new Promise<void>((r) => publisher.socket.on("connect", () => r()));
  await new Promise<void>((r) => browser.emit("subscribe", "runs", () => r()));
  const relay: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t = performance.now();
    const got = new Promise<void>((r) => browser.once(EVENTS.workerHeartbeat, () => r()));
    publisher.publish("runs", EVENTS.workerHeartbeat, { workerId: "bench", at: i });
    await got;
    relay.push(performance.now() - t);
  }

  // End to end: a child writes tqdm frames, stamping each frame's n and its wall time into a side file.
  const stamps = path.join(dataDir, "stamps.txt");
  const script = `
import sys, time
total = 400
out = open(${JSON.stringify(stamps)}, "w")
for n in range(1, total + 1):
    out.write(f"{n} {time.time() * 1000}\\n"); out.flush()
    sys.stderr.write(f"\\rModel Responding: {n * 100 // total:3d}%|##########| {n}/{total} [00:01<00:01, 50.00it/s]")
    sys.stderr.flush()
    time.sleep(0.02)
sys.stderr.write("\\n")
`;
  const scriptPath = path.join(dataDir, "child.py");
  fs.writeFileSync(scriptPath, script);
  const config = {
    runsDir: path.join(dataDir, "runs"),
    lmmsEvalCommand: ["python3", scriptPath],
    encryptionKey: Buffer.alloc(32, 1),
    lmmsEvalIncludePaths: [],
    responseCacheRoot: path.join(dataDir, "response-cache"),
  };
  const received = new Map<number, number>();
  browser.on(EVENTS.runProgress, (p: { progress: { n: number | null } }) => {
    if (p.progress.n && !received.has(p.progress.n)) received.set(p.progress.n, Date.now());
  });
  const runner = new Runner({ db, config, publisher, executor: localExecutor, log: () => {}, workerId: "bench:1", maxConcurrentRuns: 1, gpuSlots: [], stopGrace: { interruptMs: 1000, terminateMs: 1000 } });
  const run = await createRun({ db, ctx: { actor: { id: user.id, email: user.email, name: user.name, role: "member" }, via: "cli" }, input: { model: "standin", tasks: ["mme"] }, deps: config, publisher });
  await new Promise<void>((r) => browser.emit("subscribe", `run:${run.id}`, () => r()));
  runner.start();
  await new Promise<void>((resolve) => {
    const check = setInterval(() => {
      if (fs.existsSync(stamps) && fs.readFileSync(stamps, "utf8").trim().split("\n").length >= 400 && received.size > 0) {
        clearInterval(check);
        setTimeout(resolve, 500);
      }
    }, 100);
  });
  await runner.stop("bench over");
  const written = new Map(fs.readFileSync(stamps, "utf8").trim().split("\n").map((l) => l.split(" ").map(Number) as [number, number]));
  const endToEnd = [...received].filter(([n]) => written.has(n)).map(([n, at]) => at - written.get(n)!);
  browser.close();
  publisher.close();
  server.close();
  db.$client.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return { endToEnd, relay };
}

async function main() {
  const data = syntheticConsole(50 * 1024 ** 2);
  const throughput = parserThroughput(data);
  const { endToEnd, relay } = await latency();
  console.log(`\nbench:runner on ${machine()}\n`);
  console.log(
    table([
      { measure: "console parser (split + ANSI strip + progress), 50 MB", value: `${fmt(throughput.pipelineMBs)} MB/s`, baseline: `${fmt(throughput.naiveMBs)} MB/s (naive split on \\r|\\n)` },
      {
        measure: `tqdm frame → browser event (n=${endToEnd.length})`,
        value: `median ${fmt(percentile(endToEnd, 50))} ms, p95 ${fmt(percentile(endToEnd, 95))} ms`,
        baseline: `bare socket.io relay: median ${fmt(percentile(relay, 50), 2)} ms, p95 ${fmt(percentile(relay, 95), 2)} ms`,
      },
    ]),
  );
  process.exit(0);
}

void main();
