import { parseDocument, Scalar, visit, type ScalarTag } from "yaml";

/**
 * What a custom tag such as `!function utils.doc_to_text` loads as. lmms-eval's own index loader
 * (`utils.load_yaml_config(mode="simple")`) also keeps such nodes opaque instead of importing the Python, and the
 * catalogue never needs the value, only that the file parses. The built-in UI used `yaml.safe_load`, which raises on
 * the tag and silently drops ~2/3 of all tasks (docs/LMMS-EVAL-BEHAVIOUR.md §own-ui); this marker is how we avoid that.
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
  const parsed = parseOnce(text);
  if (parsed.ok || !parsed.badIndent) return stripBadIndent(parsed);
  // PyYAML accepts flow collections whose continuation lines are not indented past their key (lmms-eval 0.7.3's
  // tempcompass/_default_template_yaml: `post_prompt: {` followed by lines at column 4 and a `}` at column 0); the
  // `yaml` package refuses them. Indenting those lines is what PyYAML effectively reads.
  const repaired = indentFlowContinuations(text);
  if (repaired === text) return stripBadIndent(parsed);
  const second = parseOnce(repaired);
  return stripBadIndent(second.ok ? second : parsed);
}

type ParseAttempt = ParsedTaskYaml & { badIndent?: boolean };

function stripBadIndent(attempt: ParseAttempt): ParsedTaskYaml {
  const { badIndent: _badIndent, ...result } = attempt;
  return result as ParsedTaskYaml;
}

/**
 * Lines inside a flow collection (`{`/`[` opened on an earlier line, outside quotes and comments) get at least the
 * opening line's indentation plus two spaces. Everything else is left as it is.
 */
export function indentFlowContinuations(text: string): string {
  const lines = text.split("\n");
  let depth = 0;
  let minIndent = 0;
  let changed = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const indent = /^ */.exec(line)?.[0].length ?? 0;
    if (depth > 0 && line.trim() !== "" && indent < minIndent) {
      lines[i] = " ".repeat(minIndent - indent) + line;
      changed = true;
    }
    const before = depth;
    depth = Math.max(0, depth + flowDepthChange(line));
    if (before === 0 && depth > 0) minIndent = indent + 2;
  }
  return changed ? lines.join("\n") : text;
}

/** Net `{[` minus `]}` on one line, ignoring quoted text and a trailing comment. */
function flowDepthChange(line: string): number {
  let change = 0;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === '"') {
      if (ch === "\\") i++;
      else if (ch === '"') quote = null;
    } else if (quote === "'") {
      if (ch === "'" && line[i + 1] === "'") i++;
      else if (ch === "'") quote = null;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === "#" && (i === 0 || /\s/.test(line[i - 1]))) {
      break;
    } else if (ch === "{" || ch === "[") {
      change++;
    } else if (ch === "}" || ch === "]") {
      change--;
    }
  }
  return change;
}

function parseOnce(text: string): ParseAttempt {
  const document = parseDocument(text, { version: "1.1", uniqueKeys: false, customTags: [functionTag] });
  if (document.errors.length > 0) {
    return { ok: false, message: firstLine(document.errors[0].message), badIndent: document.errors.some((error) => error.code === "BAD_INDENT") };
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
