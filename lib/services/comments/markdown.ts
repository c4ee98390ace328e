import MarkdownIt from "markdown-it";

/**
 * Comment bodies are Markdown rendered on the server with raw HTML disabled (so `<script>` and friends are shown as
 * text, never parsed), markdown-it's link validation (no javascript:/vbscript:/data: except images), and every link
 * opened in a new tab with rel="noopener noreferrer nofollow". The result is safe to inject as HTML.
 */
const md = new MarkdownIt({ html: false, linkify: true, breaks: true });

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet("target", "_blank");
  tokens[idx].attrSet("rel", "noopener noreferrer nofollow");
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// Images in comments would let anyone make every viewer's browser fetch an arbitrary URL: show them as links.
md.renderer.rules.image = (tokens, idx) => {
  const token = tokens[idx];
  const src = String(token.attrGet("src") ?? "");
  const alt = md.utils.escapeHtml(token.content || src);
  return md.validateLink(src) ? `<a href="${md.utils.escapeHtml(src)}" target="_blank" rel="noopener noreferrer nofollow">${alt}</a>` : alt;
};

const MENTION = /(^|[\s(])@([A-Za-z0-9._-]+)/g;

export function renderMarkdown(body: string, mentionable: Set<string> = new Set()): string {
  const html = md.render(body);
  // Highlight @mentions of real team members in text (the escaped HTML has no raw @ inside tags or attributes that
  // could match, because attribute values only hold URLs we generated).
  return html.replace(MENTION, (match, before: string, handle: string) =>
    mentionable.has(handle.toLowerCase()) ? `${before}<span class="mention">@${md.utils.escapeHtml(handle)}</span>` : match,
  );
}

/** The @handles in a body (lower-cased, unique). */
export function mentionedHandles(body: string): string[] {
  return [...new Set([...body.matchAll(MENTION)].map((m) => m[2].toLowerCase()))];
}

/** A comment as one line of plain text (timelines, notification previews): Markdown rendered, then tags dropped. */
export function plainExcerpt(body: string, maxLength: number): string {
  const text = md
    .render(body)
    .replace(/<[^>]*>/g, " ")
    .replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: "<", gt: ">", quot: '"', "#39": "'", amp: "&" })[e]!)
    .replace(/\s+/g, " ")
    .trim();
  return text.length > maxLength ? `${text.slice(0, maxLength - 1)}…` : text;
}
