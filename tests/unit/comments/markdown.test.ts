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

  it("a mention inside a link's title, URL or text never edits the anchor (it keeps its rel and stays one tag)", () => {
    const team = new Set(["ana", "bob"]);
    const anchor = (href: string, title: string | null, text: string) =>
      `<a href="${href}"${title === null ? "" : ` title="${title}"`} target="_blank" rel="noopener noreferrer nofollow">${text}</a>`;
    const cases: Array<[string, string]> = [
      ['[notes](https://e.org/x "ask @ana first") cc @bob', `${anchor("https://e.org/x", "ask @ana first", "notes")} cc <span class="mention">@bob</span>`],
      ['[notes](https://e.org/x "@ana") @ana', `${anchor("https://e.org/x", "@ana", "notes")} <span class="mention">@ana</span>`],
      ["[@ana](https://e.org/@ana)", anchor("https://e.org/@ana", null, "@ana")],
      ["see https://e.org/ @ana", `see ${anchor("https://e.org/", null, "https://e.org/")} <span class="mention">@ana</span>`],
      ['![chart](https://e.org/a.png "by @ana")', '<a href="https://e.org/a.png" target="_blank" rel="noopener noreferrer nofollow">chart</a>'],
    ];
    for (const [body, expected] of cases) {
      const html = renderMarkdown(body, team);
      expect(html).toBe(`<p>${expected}</p>\n`);
      // Every anchor opened is closed and carries the rel; no span ever lands inside a tag.
      expect(html.match(/<a /g)?.length ?? 0).toBe(html.match(/rel="noopener noreferrer nofollow"/g)?.length ?? 0);
      expect(html).not.toMatch(/<[^>]*<span/);
    }
  });

  it("code is never highlighted, and only what is highlighted notifies", () => {
    const team = new Set(["ana", "bob"]);
    expect(renderMarkdown("`@ana` and\n\n    @ana in a block\n\nthen @ana.", team)).toBe(
      '<p><code>@ana</code> and</p>\n<pre><code>@ana in a block\n</code></pre>\n<p>then <span class="mention">@ana</span>.</p>\n',
    );
    expect(mentionedHandles('[x](https://e.org "hi @ana") `@bob` **@cy** [@dan](https://e.org)')).toEqual([]);
    expect(mentionedHandles("thanks @ana.\n@Bob (@cy) *see* @dan")).toEqual(["ana", "bob", "cy", "dan"]);
  });

  it("gives a one-line plain excerpt for timelines and notifications", () => {
    expect(plainExcerpt("Why did **mme** drop?\n\n- prompt `v2`\n- [notes](https://e.org) <b>x</b> & more", 200)).toBe("Why did mme drop? prompt v2 notes <b>x</b> & more");
    expect(plainExcerpt("a".repeat(50), 10)).toBe(`${"a".repeat(9)}…`);
  });
});
