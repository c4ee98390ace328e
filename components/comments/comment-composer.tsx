"use client";

import { useEffect, useId, useLayoutEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { FormMessage, inputClasses } from "@/components/ui/field";
import { COMMENT_LABELS, MAX_COMMENT_LENGTH } from "@/lib/comments-view/rules";
import { insertMention, mentionAt } from "@/lib/comments-view/thread";
import { useMemberSearch, type MemberMatch } from "./use-member-search";

/**
 * Writing a comment: Markdown, @mentions with autocomplete (↑/↓ to choose, Enter or Tab to insert, Esc to close),
 * optional labels on sample comments, Ctrl/⌘+Enter to send, Esc to cancel a reply or an edit.
 */
export function CommentComposer({
  onSubmit,
  onCancel,
  initialBody = "",
  initialLabels = [],
  withLabels = false,
  submitLabel = "Comment",
  placeholder = "Write a comment — Markdown works, @name notifies",
  autoFocus = false,
}: {
  onSubmit: (body: string, labels: string[]) => Promise<string | null>;
  onCancel?: () => void;
  initialBody?: string;
  initialLabels?: string[];
  withLabels?: boolean;
  submitLabel?: string;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  const [body, setBody] = useState(initialBody);
  const [labels, setLabels] = useState<string[]>(initialLabels);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [caret, setCaret] = useState(initialBody.length);
  const [highlighted, setHighlighted] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  const mention = mentionAt(body, caret);
  const open = mention !== null && dismissedAt !== mention.start;
  const suggestions = useMemberSearch(open ? mention.query : null);
  const showList = open && suggestions.length > 0;

  useEffect(() => {
    if (autoFocus) textarea.current?.focus();
  }, [autoFocus]);
  useEffect(() => setHighlighted(0), [mention?.query]);
  // Grow with the text, up to a limit, so short comments stay compact.
  useEffect(() => {
    const el = textarea.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 320)}px`;
  }, [body]);

  // Where the caret goes once an inserted mention is in the DOM. Placed in a layout effect, i.e. in the same commit
  // as the new text and before the next keystroke is handled: a deferred placement (animation frame) could land
  // after fast typing and move the caret back into the middle of it.
  const pendingCaret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const at = pendingCaret.current;
    if (at === null || !textarea.current) return;
    pendingCaret.current = null;
    textarea.current.focus();
    textarea.current.setSelectionRange(at, at);
  }, [body]);

  const pick = (member: MemberMatch) => {
    const next = insertMention(body, caret, member.handle);
    pendingCaret.current = next.caret;
    setBody(next.text);
    setCaret(next.caret);
  };

  const submit = async () => {
    if (!body.trim() || busy) return;
    setBusy(true);
    const problem = await onSubmit(body, labels);
    setBusy(false);
    setError(problem);
    if (!problem) {
      setBody("");
      setLabels([]);
      setCaret(0);
    }
  };

  const over = body.length > MAX_COMMENT_LENGTH;
  return (
    <form
      className="space-y-2"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="relative">
        <textarea
          ref={textarea}
          value={body}
          rows={2}
          // Held while sending: whatever is typed meanwhile would be wiped when the sent text is cleared.
          readOnly={busy}
          aria-busy={busy}
          aria-label={submitLabel === "Save" ? "Edit comment" : submitLabel === "Reply" ? "Reply" : "Comment"}
          placeholder={placeholder}
          aria-invalid={Boolean(error) || over}
          aria-autocomplete="list"
          aria-expanded={showList}
          aria-controls={showList ? listId : undefined}
          aria-activedescendant={showList ? `${listId}-${highlighted}` : undefined}
          className={cn(inputClasses, "resize-none leading-relaxed")}
          onChange={(e) => {
            setBody(e.target.value);
            setCaret(e.target.selectionStart);
            setDismissedAt(null);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={(e) => {
            if (showList) {
              if (e.key === "ArrowDown" || e.key === "ArrowUp") {
                e.preventDefault();
                setHighlighted((h) => (h + (e.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length);
                return;
              }
              if (e.key === "Enter" || e.key === "Tab") {
                e.preventDefault();
                pick(suggestions[highlighted] ?? suggestions[0]);
                return;
              }
              if (e.key === "Escape") {
                e.preventDefault();
                setDismissedAt(mention!.start);
                return;
              }
            }
            if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void submit();
            } else if (e.key === "Escape" && onCancel) {
              e.preventDefault();
              onCancel();
            }
          }}
        />
        {showList ? (
          <ul
            id={listId}
            role="listbox"
            aria-label="Mention someone"
            className="absolute left-0 top-full z-20 mt-1 max-h-56 w-64 overflow-auto rounded-md border border-zinc-200 bg-white py-1 text-sm shadow-lg dark:border-zinc-700 dark:bg-zinc-900"
          >
            {suggestions.map((m, i) => (
              <li
                key={m.id}
                id={`${listId}-${i}`}
                role="option"
                aria-selected={i === highlighted}
                className={cn("flex cursor-pointer items-baseline gap-2 px-3 py-1.5", i === highlighted && "bg-accent-50 dark:bg-accent-600/20")}
                onMouseDown={(e) => {
                  e.preventDefault();
                  pick(m);
                }}
                onMouseEnter={() => setHighlighted(i)}
              >
                <span className="font-medium">{m.name}</span>
                <span className="font-mono text-xs text-zinc-500">@{m.handle}</span>
              </li>
            ))}
          </ul>
        ) : null}
      </div>
      {withLabels ? (
        <fieldset className="flex flex-wrap items-center gap-1.5">
          <legend className="sr-only">Labels</legend>
          <span className="mr-1 text-xs text-zinc-500">Label:</span>
          {COMMENT_LABELS.map((label) => {
            const on = labels.includes(label);
            return (
              <button
                key={label}
                type="button"
                aria-pressed={on}
                onClick={() => setLabels((l) => (on ? l.filter((x) => x !== label) : [...l, label]))}
                className={cn(
                  "rounded-full border px-2 py-0.5 text-xs transition-colors",
                  on
                    ? "border-amber-400 bg-amber-100 text-amber-900 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-200"
                    : "border-zinc-300 text-zinc-600 hover:bg-zinc-100 dark:border-zinc-700 dark:text-zinc-400 dark:hover:bg-zinc-800",
                )}
              >
                {label}
              </button>
            );
          })}
        </fieldset>
      ) : null}
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-xs" aria-live="polite">
          {error ? (
            <FormMessage message={error} tone="error"inline />
          ) : body.length > MAX_COMMENT_LENGTH * 0.8 ? (
            <span className={over ? "text-red-600 dark:text-red-400" : "text-zinc-500"}>
              {body.length.toLocaleString("en-US")} / {MAX_COMMENT_LENGTH.toLocaleString("en-US")} characters
            </span>
          ) : (
            <span className="text-zinc-400">Ctrl+Enter to send</span>
          )}
        </p>
        <div className="flex gap-2">
          {onCancel ? (
            <Button variant="ghost" size="sm" onClick={onCancel}>
              Cancel
            </Button>
          ) : null}
          <Button type="submit" size="sm" disabled={busy || !body.trim() || over}>
            {busy ? "Sending…" : submitLabel}
          </Button>
        </div>
      </div>
    </form>
  );
}
