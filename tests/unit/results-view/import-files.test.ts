import { describe, expect, it } from "vitest";
import { apiErrorMessage, formatBytes, selectImportFiles } from "@/lib/results-view/import-files";

const f = (path: string, size = 10) => ({ name: path.split("/").pop()!, path, size });

describe("selectImportFiles", () => {
  it("keeps lmms-eval outputs and archives, ignores the rest of a logs folder", () => {
    const s = selectImportFiles([
      f("A/logs/m/20260806_101502_results.json", 100),
      f("A/logs/m/20260806_101502_samples_mme.jsonl", 50),
      f("A/console_stderr.txt"),
      f("A/my_tasks/toy.yaml"),
      f("logs.tar.gz", 5),
      f("logs.TGZ", 5),
      f("x.zip", 5),
    ]);
    expect(s.accepted.map((x) => x.name)).toEqual(["20260806_101502_results.json", "20260806_101502_samples_mme.jsonl", "logs.tar.gz", "logs.TGZ", "x.zip"]);
    expect(s.ignored.map((x) => x.name)).toEqual(["console_stderr.txt", "toy.yaml"]);
    expect(s.totalBytes).toBe(165);
    expect(s.hasResultsFile).toBe(true);
    expect(s.duplicateNames).toEqual([]);
  });

  it("flags same-named files from different folders (the server stores uploads flat)", () => {
    const s = selectImportFiles([f("a/20260101_000000_results.json"), f("b/20260101_000000_results.json"), f("a/20260101_000000_results.json")]);
    expect(s.accepted).toHaveLength(2);
    expect(s.duplicateNames).toEqual(["20260101_000000_results.json"]);
  });

  it("knows when no results file was picked", () => {
    expect(selectImportFiles([f("x_samples_mme.jsonl")]).hasResultsFile).toBe(false);
  });
});

describe("messages", () => {
  it("uses the API's error sentence and its field errors", () => {
    expect(apiErrorMessage(422, { error: { code: "unprocessable", message: "Nothing was imported: x_samples_mme.jsonl:3:1: invalid JSON" } })).toBe(
      "Nothing was imported: x_samples_mme.jsonl:3:1: invalid JSON",
    );
    expect(apiErrorMessage(400, { error: { code: "invalid_input", message: "path is required", fields: { path: ["Enter a folder path"] } } })).toBe(
      "path is required — Enter a folder path",
    );
    expect(apiErrorMessage(500, { error: { code: "internal", message: "Something went wrong on the server", requestId: "r1" } })).toBe(
      "Something went wrong on the server (reference r1)",
    );
    expect(apiErrorMessage(413, "<html>")).toMatch(/too large/);
    expect(apiErrorMessage(0, null)).toMatch(/could not be reached/);
    expect(apiErrorMessage(502, null)).toBe("The server answered with HTTP 502.");
  });

  it("formats sizes", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KB");
    expect(formatBytes(250 * 1024 * 1024)).toBe("250 MB");
    expect(formatBytes(3 * 1024 ** 3)).toBe("3.0 GB");
  });
});
