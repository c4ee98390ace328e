import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { openLaunchArgs, sealLaunchArgs } from "@/lib/crypto/sealed-args";
import { maskKeyValueSecrets } from "@/lib/lmms-eval/command";
import { keysWithMaskedValues, maskSecretsDeep, maskSecretsInJsonText } from "@/lib/lmms-eval/secret-values";

const HF = "hf_abcdefghijklmnopqrstuvwxyz";

describe("maskKeyValueSecrets: the one rule for every text that may quote model args", () => {
  it("masks credential-named keys of a k=v list whole, quotes and brackets included", () => {
    expect(maskKeyValueSecrets(`pretrained=org/x,api_key="sk-a,b",judge_token=[1,2],dtype=bf16`)).toBe("pretrained=org/x,api_key=***,judge_token=***,dtype=bf16");
  });

  it("masks assignments inside values and in free text, not only the first key of a piece", () => {
    expect(maskKeyValueSecrets("base_url=http://h/v1?token=sk-in-url,dtype=bf16")).toBe("base_url=http://h/v1?token=***,dtype=bf16");
    expect(maskKeyValueSecrets("retry a=1 then OPENAI_API_KEY=sk-free-text, done")).toBe("retry a=1 then OPENAI_API_KEY=***, done");
    expect(maskKeyValueSecrets("unbalanced ' quote api_key=sk-x")).toBe("unbalanced ' quote api_key=***");
    expect(maskKeyValueSecrets(`weights=${HF}`)).toBe("weights=***");
    expect(maskKeyValueSecrets("pretrained=org/x,max_pixels=12845056")).toBe("pretrained=org/x,max_pixels=12845056");
  });
});

describe("maskSecretsDeep (audit details, results config)", () => {
  it("masks credential-named keys and every string, keeps booleans, numbers elsewhere and dates", () => {
    const at = new Date(0);
    const masked = maskSecretsDeep({
      overrides: { modelArgs: ["pretrained=a,api_key=sk-version", "pretrained=b,api_key=sk-run"] },
      api_key: "sk-top",
      nested: [{ client_secret: 12345 }, { hasApiKey: true, token: null }],
      dataset_kwargs: { token: true },
      note: `uses ${HF}`,
      at,
      limit: 4,
    });
    expect(masked).toEqual({
      overrides: { modelArgs: ["pretrained=a,api_key=***", "pretrained=b,api_key=***"] },
      api_key: "***",
      nested: [{ client_secret: "***" }, { hasApiKey: true, token: null }],
      dataset_kwargs: { token: true },
      note: "uses ***",
      at,
      limit: 4,
    });
    expect(masked.at).toBe(at);
  });
});

describe("maskSecretsInJsonText (lmms-eval's results JSON, stored and served)", () => {
  const text = [
    "{",
    '  "results": {"mme": {"score": NaN, "stderr": Infinity}},',
    '  "config": {"model_args": "model=gpt,api_key=sk-planted-1", "gen_kwargs": "temperature=0,judge_api_key=sk-planted-2"},',
    '  "configs": {"mme": {"dataset_kwargs": {"token": true}, "generation_kwargs": {"api_key": "sk-planted-3", "until": ["\\n"]}}},',
    '  "hub": "' + HF + '", "quote": "say \\"api_key=sk-planted-4\\""',
    "}",
  ].join("\n");

  it("masks every credential and keeps every other byte, NaN and Infinity included", () => {
    const masked = maskSecretsInJsonText(text);
    for (const planted of ["sk-planted-1", "sk-planted-2", "sk-planted-3", "sk-planted-4", HF]) expect(masked).not.toContain(planted);
    expect(masked).toContain('"score": NaN, "stderr": Infinity');
    expect(masked).toContain('"model_args": "model=gpt,api_key=***"');
    expect(masked).toContain('"generation_kwargs": {"api_key": "***", "until": ["\\n"]}');
    expect(masked).toContain('"dataset_kwargs": {"token": true}');
    expect(masked.split("\n")).toHaveLength(text.split("\n").length);
    // Idempotent, and a text without secrets comes back unchanged.
    expect(maskSecretsInJsonText(masked)).toBe(masked);
    expect(maskSecretsInJsonText('{"a": "b=c", "n": [1, 2]}')).toBe('{"a": "b=c", "n": [1, 2]}');
  });
});

describe("keysWithMaskedValues", () => {
  it("names the keys someone sent back as ***", () => {
    expect(keysWithMaskedValues("pretrained=x,api_key=***,judge_token=***")).toEqual(["api_key", "judge_token"]);
    expect(keysWithMaskedValues("pretrained=x,api_key=sk-real")).toEqual([]);
  });
});

describe("sealLaunchArgs / openLaunchArgs", () => {
  const key = crypto.randomBytes(32);

  it("stores the masked texts readable and the typed ones sealed with their owner", () => {
    const sealed = sealLaunchArgs({ modelArgs: "pretrained=x,api_key=sk-sealed", genKwargs: "temperature=0" }, 7, key);
    expect(sealed).toMatchObject({ modelArgs: "pretrained=x,api_key=***", genKwargs: "temperature=0" });
    expect(sealed.argsSealed).not.toContain("sk-sealed");
    expect(openLaunchArgs(sealed, key)).toEqual({ modelArgs: "pretrained=x,api_key=sk-sealed", genKwargs: "temperature=0", ownerId: 7 });
    expect(() => openLaunchArgs(sealed, crypto.randomBytes(32))).toThrow();
  });

  it("seals nothing when nothing needed masking: such args belong to nobody", () => {
    const plain = sealLaunchArgs({ modelArgs: "pretrained=x", genKwargs: "" }, 7, key);
    expect(plain).toEqual({ modelArgs: "pretrained=x", genKwargs: "", argsSealed: null });
    expect(openLaunchArgs(plain, key)).toEqual({ modelArgs: "pretrained=x", genKwargs: "", ownerId: null });
  });
});
