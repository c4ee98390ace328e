export { IngestError } from "./errors";
export { JsonSyntaxError, parseTolerantJson } from "./tolerant-json";
export { parseDateStamp, parseResultsJson, type ParsedMetric, type ParsedResults, type ParsedTask } from "./parse-results";
export {
  readSamples,
  type ParsedSample,
  type ReadSamplesOptions,
  type ReadSamplesSummary,
  type SampleFailure,
} from "./parse-samples";
export { locateResultFiles, taskFromSamplesFileName, type LocatedRunFiles, type LocatedSamplesFile } from "./locate-files";
export { hashRunFiles } from "./content-hash";
export { toStorableJson } from "./values";
