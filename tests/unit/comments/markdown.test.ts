import { describe, expect, it } from "vitest";
import { mentionedHandles, plainExcerpt, renderMarkdown } from "@/lib/services/comments/markdown";

describe("comment Markdown", () => {
  it("renders formatting but never raw HTML, scripts or javascript: links", () => {
    const html = renderMarkdown(`**bold** <img src=x onerror=alert(1)> <script>alert(1)</script> [x](javascript:alert(1)) ![i](https://e.org/a.png)`);
    expect(html).toContain("<strong>bold</strong>");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(html).not.toMatch(/<script|<img|href="javascript/);
    // Images become links, so a comment cannot make every viewer's browser fetch a URL.
    expect(html).toContain('<a href="https://e.org/a.png" target="_blank" rel="noopener noreferrer nofollow">i</a>');
  });

  it("opens links in a new tab with rel=noopener and highlights only real members' mentions", () => {
    const html = renderMarkdown("see https://example.org and @ana, not @ghost or ana@x.org", new Set(["ana"]));
    expect(html).toContain('rel="noopener noreferrer nofollow"');
    expect(html).toContain('<span class="mention">@ana</span>');
    expect(html).not.toContain("@ghost</span>");
    expect(mentionedHandles("@Ana and @ana, mail bo@x.org (@cy)")).toEqual(["ana", "cy"]);
  });

  it("gives a one-line plain excerpt for timelines and notifications", () => {
    expect(plainExcerpt("Why did **mme** drop?\n\n- prompt `v2`\n- [notes](https://e.org) <b>x</b> & more", 200)).toBe("Why did mme drop? prompt v2 notes <b>x</b> & more");
    expect(plainExcerpt("a".repeat(50), 10)).toBe(`${"a".repeat(9)}…`);
  });
});
