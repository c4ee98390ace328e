import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { JsonSyntaxError, parseTolerantJson } from "@/lib/lmms-eval/ingest/tolerant-json";

const FIXTURES = path.join(import.meta.dirname, "../../fixtures");

function syntaxErrorOf(text: string): JsonSyntaxError {
  try {
    parseTolerantJson(text);
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be rejected`);
}

describe("parseTolerantJson", () => {
  it("reads Python's bare NaN, Infinity and -Infinity as JS numbers", () => {
    expect(parseTolerantJson('{"a": NaN, "b": Infinity, "c": -Infinity, "d": [NaN, 1.5e3, -0.25]}')).toEqual({
      a: Number.NaN,
      b: Number.POSITIVE_INFINITY,
      c: Number.NEGATIVE_INFINITY,
      d: [Number.NaN, 1500, -0.25],
    });
    expect(parseTolerantJson("NaN")).toBeNaN();
    expect(parseTolerantJson(" -Infinity ")).toBe(Number.NEGATIVE_INFINITY);
  });

  it("leaves the words alone inside strings and keys", () => {
    const text = '{"NaN": "NaN is not Infinity", "x": ["-Infinity", "\\"NaN\\""], "y": NaN}';
    const parsed = parseTolerantJson(text) as Record<string, unknown>;
    expect(parsed.NaN).toBe("NaN is not Infinity");
    expect(parsed.x).toEqual(["-Infinity", '"NaN"']);
    expect(parsed.y).toBeNaN();
  });

  it("decodes every escape like JSON.parse once it is on the slow path", () => {
    const body = '"\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\ud83d\\ude00 raw é 😀"';
    expect(parseTolerantJson(`[${body}, NaN]`)).toEqual([JSON.parse(body), Number.NaN]);
  });

  it("agrees with JSON.parse on standard JSON, including the fixtures, on the slow path too", () => {
    const documents = [
      '{"a": [1, 2, {"b": null, "c": true, "d": false}], "e": "", "f": -0, "g": 1E-7}',
      "[]",
      "{}",
      '  "text"  ',
      readFileSync(path.join(FIXTURES, "lmms-eval/A_openai_mme_ai2d/logs/Qwen__Qwen2.5-VL-7B-Instruct/20260806_101502_results.json"), "utf8"),
    ];
    for (const text of documents) {
      expect(parseTolerantJson(text)).toEqual(JSON.parse(text));
      // A trailing NaN makes JSON.parse fail, so the hand-written parser reads the whole document.
      expect(parseTolerantJson(`[${text}, NaN]`)).toEqual([JSON.parse(text), Number.NaN]);
    }
  });

  it("reads a results file with a NaN metric in place of the string", () => {
    const text = readFileSync(path.join(FIXTURES, "lmms-eval/B_dummy_offline_toy/logs/offline_smoke/20260806_113012_results.json"), "utf8");
    const withNaN = text.replace('"exact_match_stderr_clustered,none": "N/A"', '"exact_match_stderr_clustered,none": NaN');
    const parsed = parseTolerantJson(withNaN) as { results: { toy_qa: Record<string, unknown> } };
    const expected = JSON.parse(text) as { results: { toy_qa: Record<string, unknown> } };
    expected.results.toy_qa["exact_match_stderr_clustered,none"] = Number.NaN;
    expect(parsed).toEqual(expected);
  });

  it("keeps a __proto__ key as an own property instead of changing the prototype", () => {
    const parsed = parseTolerantJson('{"__proto__": {"polluted": true}, "n": NaN}') as Record<string, unknown>;
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect(Object.hasOwn(parsed, "__proto__")).toBe(true);
    expect((parsed as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it("reports the line and column of malformed input", () => {
    const error = syntaxErrorOf('{\n  "a": NaN,\n  "b": nan\n}');
    expect(error.line).toBe(3);
    expect(error.column).toBe(8);
    expect(error.message).toBe('Unexpected character "n" at line 3, column 8');
  });

  it.each([
    ["-NaN", 1, 1, "Invalid number"],
    ["[1, 2,]", 1, 7, 'Unexpected character "]"'],
    ["{'a': 1}", 1, 2, "Expected a string key"],
    ["[01]", 1, 3, 'Expected ","'],
    ["[1.]", 1, 3, 'Expected ","'],
    ['{"a" 1}', 1, 6, 'Expected ":"'],
    ['["ab', 1, 2, "Unterminated string"],
    ['["a\tb"]', 1, 4, "Unescaped control character in string"],
    ['["\\x"]', 1, 3, "Invalid escape sequence"],
    ['["\\u12G4"]', 1, 3, "Invalid \\u escape"],
    ["[1] 2", 1, 5, "Unexpected content after the JSON value"],
    ["", 1, 1, "Unexpected end of input"],
    ["[Infinityx]", 1, 10, 'Expected ","'],
  ])("rejects %j at %i:%i (%s)", (text, line, column, reason) => {
    const error = syntaxErrorOf(text);
    expect({ line: error.line, column: error.column, reason: error.reason }).toEqual({ line, column, reason });
  });
});
