import { afterAll, expect, it } from "vitest";
import { finished, jobProcesses, runRow, scontrolJob, slurmHarness, until } from "./helpers";

// Its own file so it runs beside the others: Slurm checks time limits periodically, so a 1-minute limit ends the job
// after ~60–80 s.
const h = slurmHarness("time-limit");
afterAll(() => h.close());

it("a job over its time limit ends TIMEOUT, and the run says to raise the limit", async () => {
  h.configure({ timeLimit: "0:01" });
  const run = await h.launch({ model: "standin", modelArgs: "pretrained=org/tiny,delay=20", tasks: ["mme"] });
  const jobId = await until(() => runRow(h.db, run.id).slurmState === "RUNNING" && runRow(h.db, run.id).slurmJobId, 30_000, "a running job");
  expect(scontrolJob(jobId).TimeLimit).toBe("00:01:00");
  const done = await finished(h, run.id, 170_000);
  expect(done).toMatchObject({ status: "failed", failureKind: "crash", slurmState: "TIMEOUT", exitCode: null });
  expect(done.reason).toMatch(/^Slurm stopped Slurm job \d+ at its time limit \(00:01:00\) after running 00:01:\d\d\. Raise the time limit under Settings → Slurm/);
  expect(scontrolJob(jobId).JobState).toBe("TIMEOUT");
  await until(() => jobProcesses(jobId).length === 0, 15_000, "no process of the job left");
}, 200_000);
