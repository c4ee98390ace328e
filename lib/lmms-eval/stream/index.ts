export { stripAnsi } from "./ansi";
export { createLineSplitter, type LineSplitter, type SegmentTerminator } from "./line-splitter";
export { parseLoguruLine, type LoguruRecord } from "./loguru";
export { judgeOutcome, type OutcomeInput, type RunOutcome, type RunStatus } from "./outcome";
export { ProgressTracker, type FailureEvidence, type StreamName } from "./progress-tracker";
export { parseTqdmFrame, type TqdmFrame } from "./tqdm";
