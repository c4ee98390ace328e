export { buildBatchScript, secretArgvValues, SCRIPT_EXIT, type BatchScript, type BatchScriptInput } from "./batch-script";
export {
  checkExtraDirective,
  checkMemory,
  checkSharedFolderPath,
  checkSlurmName,
  checkTimeLimit,
  slurmOptionProblems,
  type SlurmJobOptions,
} from "./job-options";
export {
  describeSlurmState,
  isTerminalState,
  parseSacct,
  parseScontrolJob,
  parseSqueueLines,
  SACCT_FIELDS,
  signalName,
  slurmEnding,
  SQUEUE_FORMAT,
  type SlurmEnding,
  type SlurmFailureKind,
  type SlurmJobInfo,
} from "./job-state";
export { slurmJobName } from "./job-name";
