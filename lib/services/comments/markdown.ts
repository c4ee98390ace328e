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

/** What a mention looks like: `@handle` after a space, an opening parenthesis or the start of a line. */
const HANDLE = /@([A-Za-z0-9._-]+)/g;
const MENTION_BOUNDARY = /[\s(]/;

type MentionEnv = { mentionable?: Set<string> };
type InlineToken = ReturnType<typeof md.parseInline>[number];
type Mention = { start: number; end: number; handle: string };

/**
 * The mentions in one text token. `boundaryBefore` says whether the token starts where a mention may (the start of
 * the paragraph or a line); a sentence's closing dot is not part of the handle.
 */
function mentionsIn(text: string, boundaryBefore: boolean): Mention[] {
  const found: Mention[] = [];
  for (const match of text.matchAll(HANDLE)) {
    const start = match.index;
    if (start === 0 ? !boundaryBefore : !MENTION_BOUNDARY.test(text[start - 1])) continue;
    const handle = match[1].replace(/\.+$/, "");
    if (handle) found.push({ start, end: start + 1 + handle.length, handle: handle.toLowerCase() });
  }
  return found;
}

/**
 * Visits the text of every paragraph and heading as markdown-it parsed it — never inside links, code or attributes
 * — so that a mention is recognised (and highlighted) only where it is visible text. Highlighting the rendered HTML
 * with a regex used to edit inside attributes: a link title with `@name` broke the anchor and dropped its `rel`.
 */
function forEachMentionText(tokens: InlineToken[], visit: (children: InlineToken[], index: number, mentions: Mention[]) => void): void {
  for (const block of tokens) {
    const children = block.type === "inline" ? block.children : null;
    if (!children) continue;
    let insideLink = 0;
    let boundary = true;
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child.type === "link_open") insideLink++;
      else if (child.type === "link_close") insideLink--;
      if (child.type === "text") {
        if (!insideLink) {
          const mentions = mentionsIn(child.content, boundary);
          if (mentions.length) {
            // visit() may split this token into several: continue after the last of them.
            const before = children.length;
            visit(children, i, mentions);
            i += children.length - before;
          }
        }
        boundary = MENTION_BOUNDARY.test(child.content.slice(-1));
      } else {
        boundary = child.type === "softbreak" || child.type === "hardbreak";
      }
    }
  }
}

// Splits text tokens around the mentions of real members into `mention` tokens, rendered by the rule below.
md.core.ruler.push("mentions", (state) => {
  const mentionable = (state.env as MentionEnv).mentionable;
  if (!mentionable?.size) return;
  forEachMentionText(state.tokens, (children, index, mentions) => {
    const known = mentions.filter((m) => mentionable.has(m.handle));
    if (!known.length) return;
    const text = children[index].content;
    const replacement: InlineToken[] = [];
    let cursor = 0;
    for (const mention of known) {
      if (mention.start > cursor) replacement.push(textToken(state, text.slice(cursor, mention.start)));
      const tag = new state.Token("mention", "", 0);
      tag.content = text.slice(mention.start, mention.end);
      replacement.push(tag);
      cursor = mention.end;
    }
    if (cursor < text.length) replacement.push(textToken(state, text.slice(cursor)));
    children.splice(index, 1, ...replacement);
  });
});
md.renderer.rules.mention = (tokens, idx) => `<span class="mention">${md.utils.escapeHtml(tokens[idx].content)}</span>`;

function textToken(state: { Token: new (type: string, tag: string, nesting: -1 | 0 | 1) => InlineToken }, content: string): InlineToken {
  const token = new state.Token("text", "", 0);
  token.content = content;
  return token;
}

/** Renders a comment body; `@handle`s of `mentionable` team members (lower-case handles) are highlighted. */
export function renderMarkdown(body: string, mentionable: Set<string> = new Set()): string {
  const env: MentionEnv = { mentionable };
  return md.render(body, env);
}

/** The @handles a body mentions (lower-cased, unique): exactly the places renderMarkdown would highlight. */
export function mentionedHandles(body: string): string[] {
  const handles = new Set<string>();
  forEachMentionText(md.parse(body, {}), (_children, _index, mentions) => mentions.forEach((m) => handles.add(m.handle)));
  return [...handles];
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
