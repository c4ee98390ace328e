/** Small value coercions shared by the results and samples parsers. */

export type JsonObject = Record<string, unknown>;

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const DECIMAL_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A finite number, or null. lmms-eval writes numbers as strings in places (`total_evaluation_time_seconds` is
 * `str(float)`, docs/LMMS-EVAL-BEHAVIOUR.md §results-json) and `"N/A"` where a statistic could not be computed;
 * `NaN`/`Infinity` (§output-files) mean "not computable" too. Only plain decimal strings count: `Number()` alone
 * would accept `""`, `"0x1f"`.
 */
export function toFiniteNumber(value: unknown): number | null {
  if (typeof value === "number") return Number.isFinite(value) ? value : null;
  if (typeof value === "string" && DECIMAL_PATTERN.test(value.trim())) {
    const parsed = Number(value.trim());
    return Number.isFinite(parsed) ? parsed : null;
  }
  return null;
}

/**
 * The value as it can be stored as JSON: `JSON.stringify` would turn NaN/±Infinity into `null` and lose the fact
 * that lmms-eval wrote a non-finite number, so those become (at any depth) the strings Python wrote.
 */
export function toStorableJson(value: unknown): unknown {
  if (typeof value === "number") {
    if (Number.isFinite(value)) return value;
    if (Number.isNaN(value)) return "NaN";
    return value > 0 ? "Infinity" : "-Infinity";
  }
  if (Array.isArray(value)) return value.map(toStorableJson);
  if (isJsonObject(value)) {
    const copy: JsonObject = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(copy, key, { value: toStorableJson(item), writable: true, enumerable: true, configurable: true });
    }
    return copy;
  }
  return value;
}

export function stringOrNull(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}
