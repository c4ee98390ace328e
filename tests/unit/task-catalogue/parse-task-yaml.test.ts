import { describe, expect, it } from "vitest";
import { parseTaskYaml, YamlTaggedValue } from "@/lib/lmms-eval/tasks";

describe("parseTaskYaml", () => {
  it("loads !function as a marker instead of failing", () => {
    const parsed = parseTaskYaml("task: mme\ndoc_to_text: !function utils.mme_doc_to_text\n");
    expect(parsed).toEqual({
      ok: true,
      data: { task: "mme", doc_to_text: new YamlTaggedValue("!function", "utils.mme_doc_to_text") },
      unknownTags: [],
    });
  });

  it("loads any other tag, on scalars and collections, as a marker and names it", () => {
    const parsed = parseTaskYaml("a: !custom x\nb: !mapping {k: 1}\nc: !!python/name:os.path\n");
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.data).toEqual({
      a: new YamlTaggedValue("!custom", "x"),
      b: new YamlTaggedValue("!mapping", { k: 1 }),
      c: new YamlTaggedValue("tag:yaml.org,2002:python/name:os.path", ""),
    });
    expect(parsed.unknownTags).toEqual(["!custom", "!mapping", "tag:yaml.org,2002:python/name:os.path"]);
  });

  it("reads YAML 1.1 like PyYAML: merge keys, yes/no booleans, duplicate keys (last wins)", () => {
    const parsed = parseTaskYaml("base: &b {x: 1}\nm:\n  <<: *b\n  z: 2\nflag: yes\ndup: 1\ndup: 2\n");
    expect(parsed).toEqual({ ok: true, data: { base: { x: 1 }, m: { x: 1, z: 2 }, flag: true, dup: 2 }, unknownTags: [] });
  });

  it("refuses several documents in one file and reports syntax errors with their position", () => {
    expect(parseTaskYaml("a: 1\n---\nb: 2\n")).toMatchObject({ ok: false });
    const broken = parseTaskYaml("task: [a\nb: c\n");
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.message).toMatch(/at line \d+, column \d+$/);
  });

  it("reports an undefined alias and an alias bomb instead of throwing", () => {
    expect(parseTaskYaml("a: *nowhere\n")).toEqual({
      ok: false,
      message: "Unresolved alias (the anchor must be set before the alias): nowhere",
    });
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 8; level++) {
      const previous = String.fromCharCode(96 + level);
      const current = String.fromCharCode(97 + level);
      bomb.push(`${current}: &${current} [${Array(10).fill(`*${previous}`).join(", ")}]`);
    }
    expect(parseTaskYaml(bomb.join("\n"))).toMatchObject({ ok: false, message: expect.stringMatching(/alias/i) });
  });
});
