import { describe, expect, it } from "vitest";
import { classifyMediaRef } from "@/lib/services/results/resolve-media";

describe("classifyMediaRef: what the samples browser may load by itself", () => {
  it("an http(s) URL becomes a link to open, never an image source", () => {
    for (const url of ["https://images.example.org/e2e/chart.png", "http://169.254.169.254/latest/meta-data/x.png", "HTTPS://Tracker.example/p.gif?who=1"]) {
      const media = classifyMediaRef(url);
      expect(media).toEqual({ kind: "remote", href: new URL(url).href });
      expect(media).not.toHaveProperty("src");
    }
  });

  it("a malformed URL is not a reference at all", () => {
    expect(classifyMediaRef("https://exa mple.org/a.png")).toEqual({ kind: "unknown", ref: "https://exa mple.org/a.png" });
  });

  it("only inline image data URIs are shown directly; paths go through the server; the rest is named", () => {
    expect(classifyMediaRef("data:image/png;base64,AAAA")).toEqual({ kind: "inline", src: "data:image/png;base64,AAAA" });
    expect(classifyMediaRef("file:///data/img/0020.png")).toEqual({ kind: "file", ref: "/data/img/0020.png" });
    expect(classifyMediaRef("code_reasoning/0020.png")).toEqual({ kind: "file", ref: "code_reasoning/0020.png" });
    for (const ref of ["data:text/html;base64,PHNjcmlwdD4=", "javascript:alert(1)", "notes.txt"]) {
      expect(classifyMediaRef(ref)).toEqual({ kind: "unknown", ref });
    }
  });
});
