import { describe, expect, it } from "vitest";
import { clientFieldErrors, prefillFromVersion, toRunInput, versionDiff, type BaseVersion } from "@/components/runs/new-run/form-model";
import { keyValueFieldFromText } from "@/components/ui/key-value-rows";

const version: BaseVersion = { id: 7, label: "v2", modelName: "vlm", backend: "openai", modelArgs: "model=gpt,api_key=***", genKwargs: "temperature=0", storedSecretsUsable: true };

describe("launching a model version from the form", () => {
  it("unchanged fields are left to the server (which has the unmasked values); only the version id and tasks go", () => {
    const state = { ...prefillFromVersion(version), tasks: ["mme"] };
    expect(versionDiff(state, version)).toEqual([]);
    expect(toRunInput(state, { baseVersion: version })).toEqual({ tasks: ["mme"], modelVersionId: 7, executor: "local" });
    expect(clientFieldErrors(state, null, version)).toEqual({});
  });

  it("a reordered but equal model-args text is not an override", () => {
    const state = { ...prefillFromVersion(version), modelArgs: keyValueFieldFromText("api_key=***, model=gpt"), tasks: ["mme"] };
    expect(versionDiff(state, version)).toEqual([]);
  });

  it("changes are sent and shown as a diff; a changed masked secret must be re-entered", () => {
    const state = { ...prefillFromVersion(version), modelArgs: keyValueFieldFromText("model=gpt-mini,api_key=***"), tasks: ["mme"] };
    expect(versionDiff(state, version)).toEqual([{ field: "model args", version: "model=gpt,api_key=***", run: "model=gpt-mini,api_key=***" }]);
    expect(toRunInput(state, { baseVersion: version })).toMatchObject({ modelVersionId: 7, modelArgs: "model=gpt-mini,api_key=***" });
    expect(clientFieldErrors(state, null, version).modelArgs?.join(" ")).toMatch(/re-enter api_key/);
    const fixed = { ...state, modelArgs: keyValueFieldFromText("model=gpt-mini,api_key=sk-real") };
    expect(clientFieldErrors(fixed, null, version).modelArgs).toBeUndefined();
  });

  it("someone else's stored credential must be replaced by the launcher's own, even when nothing else changes", () => {
    const theirs = { ...version, storedSecretsUsable: false };
    const state = { ...prefillFromVersion(theirs), tasks: ["mme"] };
    expect(clientFieldErrors(state, null, theirs).modelArgs?.join(" ")).toMatch(/enter your own api_key: the value stored with this version is used only in launches by the person who entered it/);
    const own = { ...state, modelArgs: keyValueFieldFromText("model=gpt,api_key=sk-mine") };
    expect(clientFieldErrors(own, null, theirs)).toEqual({});
    expect(toRunInput(own, { baseVersion: theirs })).toMatchObject({ modelVersionId: 7, modelArgs: "model=gpt,api_key=sk-mine" });
  });
});
