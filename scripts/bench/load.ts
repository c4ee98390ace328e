import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { openDatabase } from "../../db/client";
import { copyOf, realisticDb, samplesArg, writeRunFolder } from "./realistic-db";
import { retried, startServer, timed, type BenchServer } from "./server";
import { fmt, machine, percentile, table } from "./stats";

/**
 * npm run bench:load [-- --samples 10000000] [--port 3203]
 * The production web process on a copy of the realistic database, measured over HTTP:
 * 1. single requests one after another: one run's results (beside /api/v1/me, the same wrapper with a tiny body,
 *    and a bare Node HTTP server answering the same JSON: the floor of an HTTP round trip here), a search, and the
 *    model page (/models/{id}) — its first view (after another page warmed the process) and repeat views;
 * 2. /api/health while 25 common-word searches (25 users) and a download of the largest task run at once, beside
 *    /api/health alone; then 25 searches from one user (past the per-user limit);
 * 3. /api/health, then the model page, each while a big run is imported (its ingest and search index run in this
 *    web process).
 */

const SEARCHERS = 25;
const ROUNDS = 5;

const statusCounts = (statuses: number[]) =>
  [...new Set(statuses)]
    .sort()
    .map((status) => `${statuses.filter((s) => s === status).length} × ${status}`)
    .join(", ");

const ms = (values: number[]) => `p50 ${fmt(percentile(values, 50), 1)} ms, p95 ${fmt(percentile(values, 95), 1)} ms`;

async function sequential(n: number, fn: () => Promise<{ ms: number }>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push((await fn()).ms);
  return out;
}

/** Statuses of the health probes that did not answer 200 (a busy database connection answers 503). */
const healthFailures: number[] = [];

/** Polls /api/health every `everyMs` until `until` settles; returns each probe's latency. */
async function probeHealth(server: BenchServer, until: Promise<unknown>, everyMs = 10): Promise<number[]> {
  let done = false;
  // then(f, f), not finally: a failure is the caller's to report, not an unhandled rejection here.
  void until.then(
    () => (done = true),
    () => (done = true),
  );
  const latencies: number[] = [];
  while (!done) {
    const probe = await timed(`${server.url}/api/health`, {}, null);
    latencies.push(probe.ms);
    if (probe.status !== 200) healthFailures.push(probe.status);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return latencies;
}

/** A bare Node HTTP server in its own process answering `body`: the machine's floor for an HTTP JSON request. */
async function bareServer(port: number, body: string): Promise<{ url: string; stop: () => void }> {
  const child = spawn(process.execPath, ["-e", `require("node:http").createServer((q, s) => { s.setHeader("content-type", "application/json"); s.end(process.env.BODY); }).listen(${port}, "127.0.0.1", () => console.log("up"))`], {
    env: { ...process.env, BODY: body },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve) => child.stdout!.once("data", resolve));
  return { url: `http://127.0.0.1:${port}/`, stop: () => child.kill() };
}

/** Imports a freshly written run of `size` samples; returns how long it took. */
async function importRun(server: BenchServer, root: string, name: string, size: number, headers: Record<string, string>): Promise<number> {
  const folder = path.join(root, name);
  fs.mkdirSync(folder);
  writeRunFolder(folder, size, name.length);
  return (await timed(`${server.url}/api/v1/imports`, { method: "POST", headers: { ...headers, "content-type": "application/json" }, body: JSON.stringify({ path: folder }) }, 201)).ms;
}

async function main() {
  const samples = samplesArg();
  const portArg = process.argv.indexOf("--port");
  const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 3203;
  const { file, info } = await realisticDb({ samples });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-load-"));
  const dbFile = copyOf(file, work);
  // Searchers: one viewer each, so the per-user limit does not hide the load (it is measured separately below).
  const db = openDatabase(dbFile);
  const viewers = Array.from({ length: SEARCHERS + 1 }, (_, k) =>
    (db.$client.prepare("insert into users (email, name, role, password_hash) values (?, ?, 'viewer', 'x') returning id").get(`load${k}@example.org`, `load ${k}`) as { id: number }).id,
  );
  db.$client.close();
  const importRoot = path.join(work, "import");
  fs.mkdirSync(importRoot);
  const server = await startServer({ dbFile, dataDir: path.join(work, "data"), port, userIds: [info.adminId, ...viewers], env: { IMPORT_ROOTS: importRoot } });
  const auth = (userId: number) => ({ headers: { authorization: `Bearer ${server.token(userId)}` } });
  const admin = auth(info.adminId);
  try {
    // 1. One request at a time.
    const modelPage = `${server.url}/models/${info.busyModelId}`;
    const pageInit = { headers: { cookie: await server.cookie(info.adminId) } };
    // The first page a fresh process renders also loads Next's server runtime: another page takes that cost first.
    const processFirst = (await timed(`${server.url}/runs`, pageInit)).ms;
    const modelFirst = (await timed(modelPage, pageInit)).ms;
    const modelRepeat = await sequential(10, () => timed(modelPage, pageInit));
    const me = await sequential(200, () => timed(`${server.url}/api/v1/me`, admin));
    const resultsTypical = await sequential(200, () => timed(`${server.url}/api/v1/runs/${info.typicalRun.runId}/results`, admin));
    // As lmms-eval's own server answers (it does not compress): Next gzips responses when the client accepts it.
    const resultsIdentity = await sequential(200, () => timed(`${server.url}/api/v1/runs/${info.typicalRun.runId}/results`, { headers: { ...admin.headers, "accept-encoding": "identity" } }));
    // A run of the board's history: 200 benchmarks, so 200 tasks and metrics.
    const resultsWide = await sequential(200, () => timed(`${server.url}/api/v1/runs/1/results`, admin));
    const bare = await bareServer(port + 1, await (await fetch(`${server.url}/api/v1/runs/${info.typicalRun.runId}/results`, admin)).text());
    const floor = await sequential(200, () => timed(bare.url));
    bare.stop();
    const searchUrl = (scope: typeof info.largeRun, q: string) => `${server.url}/api/v1/runs/${scope.runId}/samples?task=${scope.task}&q=${encodeURIComponent(q)}`;
    let searcher = 0;
    const searchOnce = (scope: typeof info.largeRun, q: string) => timed(searchUrl(scope, q), auth(viewers[searcher++ % viewers.length]));
    const searchLarge = await sequential(50, () => searchOnce(info.largeRun, info.words.common));
    const searchTypical = await sequential(50, () => searchOnce(info.typicalRun, info.words.common));

    // 2. Health alone, then under 25 concurrent searches and a download, in rounds.
    const healthAlone = await sequential(100, () => timed(`${server.url}/api/health`));
    const underLoad: number[] = [];
    const searchUnderLoad: number[] = [];
    const stormStatuses: number[] = [];
    let exportMs = 0;
    let exportBytes = 0;
    let exportOutcome = "complete";
    for (let round = 0; round < ROUNDS; round++) {
      const words = [info.words.common, info.words.commonPair, "the", "image", "color"];
      const storm = Promise.all([
        ...viewers.slice(0, SEARCHERS).map((id, k) =>
          timed(searchUrl(info.largeRun, words[k % words.length]), auth(id), null).then(
            (r) => (stormStatuses.push(r.status), r.status === 200 && searchUnderLoad.push(r.ms)),
            () => stormStatuses.push(0),
          ),
        ),
        round === 0
          ? timed(`${server.url}/api/v1/runs/${info.largeRun.runId}/samples/export?task=${info.largeRun.task}&format=csv`, auth(viewers[SEARCHERS])).then(
              (r) => ([exportMs, exportBytes] = [r.ms, r.bytes]),
              (error: Error) => (exportOutcome = `broke off: ${(error.cause as Error | undefined)?.message ?? error.message}`),
            )
          : Promise.resolve(),
      ]);
      underLoad.push(...(await probeHealth(server, storm)));
    }
    // One user firing 25 searches at once: the limit answers most of them at once.
    const busy = auth(viewers[0]);
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    const statuses: number[] = [];
    const oneUser = Promise.all(Array.from({ length: SEARCHERS }, () => fetch(searchUrl(info.largeRun, info.words.common), busy).then(async (r) => (await r.arrayBuffer(), statuses.push(r.status)))));
    const healthOneUser = await probeHealth(server, oneUser);

    // 3. While a big run is imported (its ingest and search index run in this process): /api/health, then the model
    // page (whose own rendering would otherwise delay the health probes).
    const importSize = Math.min(250_000, Math.max(50_000, Math.round(samples / 4)));
    const healthImport = importRun(server, importRoot, "run-a", importSize, admin.headers);
    const healthDuringImport = await probeHealth(server, healthImport, 20);
    const importMs = await healthImport;
    const pageImport = importRun(server, importRoot, "run-bb", importSize, admin.headers);
    let importDone = false;
    void pageImport.then(
      () => (importDone = true),
      () => (importDone = true),
    );
    const pageDuringImport: number[] = [];
    while (!importDone) pageDuringImport.push((await timed(modelPage, pageInit)).ms);
    await pageImport;

    console.log(`\nbench:load on ${machine()}: ${info.samples.toLocaleString("en")} samples in ${info.sampleRuns} runs, beside 500 runs of 200 benchmarks\n`);
    console.log(
      table([
        { measure: "one run's results (GET /api/v1/runs/{id}/results), a 5k-sample run", value: ms(resultsTypical), baseline: `GET /api/v1/me (same wrapper, tiny body): ${ms(me)}; a bare Node HTTP server answering the same JSON: ${ms(floor)}` },
        { measure: "  the same, uncompressed (accept-encoding: identity)", value: ms(resultsIdentity), baseline: "" },
        { measure: "one run's results, a run of 200 benchmarks", value: ms(resultsWide), baseline: `GET /api/v1/me: ${ms(me)}` },
        { measure: `search over HTTP, a common word, ${info.largeRun.samples.toLocaleString("en")}-sample task`, value: ms(searchLarge), baseline: `GET /api/v1/me: ${ms(me)}` },
        { measure: `search over HTTP, a common word, ${info.typicalRun.samples.toLocaleString("en")}-sample task`, value: ms(searchTypical), baseline: `GET /api/v1/me: ${ms(me)}` },
        { measure: "model page /models/{id} (20 versions, 200+ benchmarks), first view", value: `${fmt(modelFirst, 0)} ms`, baseline: `repeat views: ${ms(modelRepeat)}; the process's first page (/runs): ${fmt(processFirst, 0)} ms` },
        { measure: `/api/health during 25 concurrent common-word searches (25 users) + a CSV download (${ROUNDS} rounds, n = ${underLoad.length})`, value: `${ms(underLoad)}, max ${fmt(Math.max(...underLoad), 0)} ms`, baseline: `/api/health alone: ${ms(healthAlone)}` },
        { measure: "  the searches meanwhile", value: `${ms(searchUnderLoad)}; answers: ${statusCounts(stormStatuses)}`, baseline: "" },
        { measure: `  the download: ${info.largeRun.samples.toLocaleString("en")} samples as CSV`, value: exportOutcome === "complete" ? `${fmt(exportMs / 1000, 1)} s, ${fmt(exportBytes / 1024 ** 2, 0)} MB` : exportOutcome, baseline: "" },
        { measure: "/api/health during 25 concurrent searches from one user", value: `${ms(healthOneUser)}; answers: ${statusCounts(statuses)}`, baseline: `/api/health alone: ${ms(healthAlone)}` },
        { measure: "/api/health probes under load that did not answer 200", value: healthFailures.length ? statusCounts(healthFailures) : "none", baseline: `requests sent again after a keep-alive close: ${retried.count}` },
        { measure: `/api/health while a ${importSize.toLocaleString("en")}-sample run is imported (n = ${healthDuringImport.length})`, value: `${ms(healthDuringImport)}, max ${fmt(Math.max(...healthDuringImport), 0)} ms`, baseline: `/api/health alone: ${ms(healthAlone)}; the import took ${fmt(importMs / 1000, 1)} s` },
        { measure: `model page while another ${importSize.toLocaleString("en")}-sample run is imported (n = ${pageDuringImport.length})`, value: `${ms(pageDuringImport)}, max ${fmt(Math.max(...pageDuringImport), 0)} ms`, baseline: `repeat views alone: ${ms(modelRepeat)}` },
      ]),
    );
  } catch (error) {
    console.error(`the server printed:\n${server.output().slice(-5_000)}`);
    throw error;
  } finally {
    await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
