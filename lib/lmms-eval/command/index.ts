export { RunParams, RESERVED_ENV_NAMES, type RunParamsInput } from "./run-params";
export {
  formatKeyValueArgs,
  parseKeyValueArgs,
  splitOutsideQuotesAndBrackets,
  type KeyValuePair,
  type KeyValueParse,
} from "./key-value-args";
export { buildEvalArgv } from "./build-argv";
export { formatCommandPreview, isSecretKey, maskKeyValueSecrets, maskSecretsInArgs, quoteForPosixShell, MASK } from "./preview";
