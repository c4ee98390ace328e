export type { StatTestResult } from "./test-result";
export { MCNEMAR_EXACT_BELOW, mcnemar, mcnemarChiSquare, mcnemarExact } from "./mcnemar";
export { DEFAULT_BOOTSTRAP_SEED, pairedBootstrap, type PairedBootstrapOptions, type PairedBootstrapResult } from "./paired-bootstrap";
export { ciFromStderr, unpairedFromStderr, type ConfidenceInterval, type UnpairedZTestResult } from "./from-stderr";
export { holm } from "./holm";
export { averageRanks, kendallTauB, spearman } from "./rank-correlation";
export {
  binomialCdf,
  chiSquare1Survival,
  normalCdf,
  normalQuantile,
  normalTwoSidedPValue,
  studentTTwoSidedPValue,
} from "./distributions";
export { mulberry32 } from "./random";
