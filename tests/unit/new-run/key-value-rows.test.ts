import { describe, expect, it } from "vitest";
import {
  emptyKeyValueField,
  keyValueFieldFromText,
  keyValueFieldProblem,
  maskedKeys,
  rowProblems,
  rowsFromText,
  switchMode,
  textFromRows,
  withRows,
  type KeyValueRow,
} from "@/components/ui/key-value-rows";
import { parseKeyValueArgs } from "@/lib/lmms-eval/command/key-value-args";

const rows = (...pairs: Array<[string, string]>): KeyValueRow[] => pairs.map(([key, value], i) => ({ id: `r${i}`, key, value }));
const pairsOf = (list: KeyValueRow[]) => list.map((r) => [r.key, r.value]);

describe("key/value rows ↔ raw text", () => {
  it("round-trips text through rows with the server's parser, quotes and brackets kept", () => {
    const text = 'pretrained=Qwen/Qwen2.5-VL-7B-Instruct,max_pixels=12845056,chat_template="a,b",ids=[1,2]';
    const parsed = rowsFromText(text);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(pairsOf(parsed.rows)).toEqual([
      ["pretrained", "Qwen/Qwen2.5-VL-7B-Instruct"],
      ["max_pixels", "12845056"],
      ["chat_template", '"a,b"'],
      ["ids", "[1,2]"],
    ]);
    expect(textFromRows(parsed.rows)).toBe(text);
  });

  it("editing rows rewrites the text that is submitted; blank rows are skipped", () => {
    const field = withRows(emptyKeyValueField(), rows(["pretrained", "org/tiny"], ["", ""], ["device_map", "auto"]));
    expect(field.text).toBe("pretrained=org/tiny,device_map=auto");
    expect(parseKeyValueArgs(field.text)).toEqual({ ok: true, pairs: [["pretrained", "org/tiny"], ["device_map", "auto"]] });
  });

  it("switching to rows parses the raw text, and refuses text that is not k=v pairs", () => {
    const raw = { mode: "raw" as const, text: "pretrained=org/tiny,temperature=0", rows: [] };
    const ok = switchMode(raw, "rows");
    expect(ok.error).toBeNull();
    expect(pairsOf(ok.field.rows)).toEqual([["pretrained", "org/tiny"], ["temperature", "0"]]);
    expect(ok.field.text).toBe(raw.text);

    const bad = switchMode({ ...raw, text: "pretrained" }, "rows");
    expect(bad.error).toMatch(/missing '='/);
    expect(bad.field.mode).toBe("raw");
  });

  it("switching to raw shows exactly the text built from the rows", () => {
    const field = withRows(emptyKeyValueField(), rows(["a", "1"], ["b", "x y"]));
    const { field: raw } = switchMode(field, "raw");
    expect(raw.mode).toBe("raw");
    expect(raw.text).toBe("a=1,b=x y");
  });

  it("flags rows lmms-eval would read differently", () => {
    const problems = rowProblems(rows(["ok", "1"], ["bad key", "1"], ["ok", "2"], ["v", "1,2"], ["w", "padded "], ["", "orphan"], ["q", '"open']));
    expect([...problems.keys()]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(problems.get(1)).toMatch(/not a valid key/);
    expect(problems.get(2)).toMatch(/more than once/);
    expect(problems.get(3)).toMatch(/split this value at its comma/);
    expect(problems.get(4)).toMatch(/trailing spaces/);
    expect(problems.get(5)).toMatch(/enter a key/);
    expect(problems.get(6)).toMatch(/unclosed/);
    expect(rowProblems(rows(["v", '"1,2"'], ["w", "[1, 2]"])).size).toBe(0);
  });

  it("reports the first problem of a field for its error slot, in either view", () => {
    expect(keyValueFieldProblem("model args", withRows(emptyKeyValueField(), rows(["a", "1"], ["1x", "2"])))).toBe(
      "model args, row 2: '1x' is not a valid key (letters, digits and _ only)",
    );
    expect(keyValueFieldProblem("model args", { mode: "raw", text: "a=1,{", rows: [] })).toMatch(/^model args: unbalanced/);
    expect(keyValueFieldProblem("model args", keyValueFieldFromText("a=1"))).toBeNull();
  });

  it("opens unparseable stored text in the raw view", () => {
    expect(keyValueFieldFromText("a=1").mode).toBe("rows");
    expect(keyValueFieldFromText("a=1,oops").mode).toBe("raw");
  });

  it("finds values masked by the stored run", () => {
    expect(maskedKeys("pretrained=x,api_key=***,judge_token=***")).toEqual(["api_key", "judge_token"]);
    expect(maskedKeys("pretrained=x")).toEqual([]);
  });
});
