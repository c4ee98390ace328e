import type { Executor } from "@/db/schema";

/** The words the run forms use for their "Runs on" choice; typed by Executor, so a new executor must be named here. */
export const EXECUTOR_LABELS: Record<Executor, string> = { local: "This machine", slurm: "Slurm cluster" };
/** The same inside a sentence ("runs on the Slurm cluster"). */
export const EXECUTOR_WORDS: Record<Executor, string> = { local: "this machine", slurm: "the Slurm cluster" };

export const isExecutor = (value: unknown): value is Executor => typeof value === "string" && Object.hasOwn(EXECUTOR_LABELS, value);
