import { describe, expect, it } from "vitest";
import { formatKeyValueArgs, parseKeyValueArgs, splitOutsideQuotesAndBrackets } from "@/lib/lmms-eval/command";

describe("parseKeyValueArgs (utils._smart_comma_split + simple_parse_args_string)", () => {
  it.each<[string, Array<[string, string]>]>([
    ["", []],
    ["   ", []],
    ["pretrained=Qwen/Qwen2.5-VL-7B-Instruct,device_map=auto", [["pretrained", "Qwen/Qwen2.5-VL-7B-Instruct"], ["device_map", "auto"]]],
    [
      'chat_template_kwargs={"enable_thinking": false, "budget": [1, 2]},max_new_tokens=16',
      [["chat_template_kwargs", '{"enable_thinking": false, "budget": [1, 2]}'], ["max_new_tokens", "16"]],
    ],
    ['until=["\\n\\n", "Q:,"],temperature=0', [["until", '["\\n\\n", "Q:,"]'], ["temperature", "0"]]],
    ["prompt='a, b',x=1", [["prompt", "'a, b'"], ["x", "1"]]],
    [`prompt="it's, fine",x=1`, [["prompt", `"it's, fine"`], ["x", "1"]]],
    ["a=\\'b,c=1", [["a", "\\'b"], ["c", "1"]]],
    [" a=1 , b=2 ", [["a", "1"], ["b", "2"]]],
    ["a=1,,b=2,", [["a", "1"], ["b", "2"]]],
    ["base_url=http://127.0.0.1:8000/v1?x=y", [["base_url", "http://127.0.0.1:8000/v1?x=y"]]],
    ["response=", [["response", ""]]],
    ["prompt=$(whoami) `id`; rm -rf /", [["prompt", "$(whoami) `id`; rm -rf /"]]],
    ["name=数学 🚀", [["name", "数学 🚀"]]],
  ])("parses %j", (input, pairs) => {
    expect(parseKeyValueArgs(input)).toEqual({ ok: true, pairs });
  });

  it.each([
    ["foo", "missing '=' in 'foo'"],
    ["a=1,foo", "missing '=' in 'foo'"],
    ["=x", "missing key before '=' in '=x'"],
    ["a b=1", "'a b' is not a valid key (letters, digits and _ only, no spaces around '=')"],
    ["a =1", "'a ' is not a valid key (letters, digits and _ only, no spaces around '=')"],
    ["1a=1", "'1a' is not a valid key (letters, digits and _ only, no spaces around '=')"],
    ["a=1,a=2", "'a' is given more than once"],
    ["a='x,b=2", "unclosed ' quote"],
    ['a="x', 'unclosed " quote'],
    ["a={x,b=2", "unbalanced brackets: a '{' or '[' is never closed"],
    ["a=[x", "unbalanced brackets: a '{' or '[' is never closed"],
    ["a=x},b=2", "unbalanced brackets: '}' has no matching opening bracket"],
  ])("rejects %j", (input, error) => {
    expect(parseKeyValueArgs(input)).toEqual({ ok: false, error });
  });

  it("shortens a long offending piece in the message", () => {
    const result = parseKeyValueArgs("x".repeat(100));
    expect(result).toEqual({ ok: false, error: `missing '=' in '${"x".repeat(60)}…'` });
  });
});

describe("splitOutsideQuotesAndBrackets", () => {
  it("keeps the pieces unstripped so a caller can rebuild the text", () => {
    expect(splitOutsideQuotesAndBrackets(" a=1 , b={x,y}")).toEqual({ ok: true, pieces: [" a=1 ", " b={x,y}"] });
  });
});

describe("formatKeyValueArgs", () => {
  it("writes pairs that parse back to themselves", () => {
    const pairs: Array<[string, string]> = [
      ["pretrained", "Qwen/Qwen2.5-VL-7B-Instruct"],
      ["kwargs", '{"a": 1, "b": [2, 3]}'],
      ["prompt", "'x, y'"],
    ];
    const text = formatKeyValueArgs(pairs);
    expect(text).toBe(`pretrained=Qwen/Qwen2.5-VL-7B-Instruct,kwargs={"a": 1, "b": [2, 3]},prompt='x, y'`);
    expect(parseKeyValueArgs(text)).toEqual({ ok: true, pairs });
  });

  it.each<[Array<[string, string]>]>([[[["a", "x,y"]]], [[["a", "it's"]]], [[["a", "x "]]], [[["bad key", "x"]]]])(
    "throws for %j, which lmms-eval would read differently",
    (pairs) => {
      expect(() => formatKeyValueArgs(pairs)).toThrow(RangeError);
    },
  );
});
