export {
  DEFAULT_SCAN_LIMITS,
  scanTaskYamls,
  type CatalogueEntry,
  type CatalogueEntryKind,
  type CatalogueWarning,
  type ScanLimits,
  type TaskCatalogue,
  type TaskRoot,
  type TaskSource,
} from "./scan-task-yamls";
export { parseTaskYaml, YamlTaggedValue, type ParsedTaskYaml } from "./parse-task-yaml";
export { parseTasksList, type TasksListParse } from "./parse-tasks-list";
export { parseTaskTable, type TaskTableParse } from "./parse-task-table";
export { parseModelsTable, type ModelKind, type ModelRow, type ModelsTableParse } from "./parse-models-table";
export {
  derivePythonInterpreter,
  interpreterFromScriptHead,
  locateLmmsEvalPackage,
  type ChildEnvironment,
  type InterpreterResult,
  type PackageLocation,
} from "./locate-package";
