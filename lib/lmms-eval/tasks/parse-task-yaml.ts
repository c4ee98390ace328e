import { parseDocument, Scalar, visit, type ScalarTag } from "yaml";

/**
 * What a custom tag such as `!function utils.doc_to_text` loads as. lmms-eval's own index loader
 * (`utils.load_yaml_config(mode="simple")`) also keeps such nodes opaque instead of importing the Python, and the
 * catalogue never needs the value, only that the file parses. The built-in UI used `yaml.safe_load`, which raises on
 * the tag and silently drops ~2/3 of all tasks (REFERENCE §4.1); this marker is how we avoid that.
 */
export class YamlTaggedValue {
  constructor(
    readonly tag: string,
    readonly value: unknown,
  ) {}
}

export type ParsedTaskYaml =
  | { ok: true; data: unknown; unknownTags: string[] }
  | { ok: false; message: string };

const FUNCTION_TAG = "!function";

const functionTag: ScalarTag = {
  tag: FUNCTION_TAG,
  resolve: (moduleAndName: string): YamlTaggedValue => new YamlTaggedValue(FUNCTION_TAG, moduleAndName),
};

/**
 * Parses one task YAML the way PyYAML's FullLoader would, except that no tag is ever fatal.
 * - YAML 1.1 (PyYAML's dialect): merge keys `<<`, `yes/no/on/off` booleans. The `yaml` package's 1.1 schema also
 *   reads bare `y`/`n` as booleans where PyYAML keeps strings; no task YAML is known to rely on that.
 * - Duplicate keys are allowed, last one wins, as in PyYAML.
 * - `!function` is a declared custom tag; any other tag lmms-eval does not know is reported in `unknownTags`
 *   (PyYAML would raise on it, see the scanner's warning) and loaded as a `YamlTaggedValue` too.
 * - Several documents in one file are an error, as `yaml.full_load` refuses them.
 */
export function parseTaskYaml(text: string): ParsedTaskYaml {
  const document = parseDocument(text, { version: "1.1", uniqueKeys: false, customTags: [functionTag] });
  if (document.errors.length > 0) {
    return { ok: false, message: firstLine(document.errors[0].message) };
  }
  const unknownTags: string[] = [];
  try {
    if (document.warnings.some((warning) => warning.code === "TAG_RESOLVE_FAILED")) {
      const knownTags = new Set(document.schema.tags.map((tag) => tag.tag));
      visit(document, {
        Node(_key, node) {
          if (!node.tag || knownTags.has(node.tag)) return undefined;
          unknownTags.push(node.tag);
          return new Scalar(new YamlTaggedValue(node.tag, node.toJS(document)));
        },
      });
    }
    // Converting to JS is where an undefined alias or an alias bomb (too many expansions) is detected.
    return { ok: true, data: document.toJS({ maxAliasCount: 100 }), unknownTags };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? firstLine(error.message) : String(error) };
  }
}

/** The `yaml` package appends a code excerpt after "…at line 3, column 1:"; the position is enough here. */
function firstLine(message: string): string {
  return message.split("\n", 1)[0].trim().replace(/:$/, "");
}
