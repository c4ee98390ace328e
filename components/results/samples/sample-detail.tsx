"use client";

import { Check, Circle, ClipboardCopy, Maximize2, TriangleAlert, X } from "lucide-react";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { formatCount } from "@/lib/number-format";
import { rawDiffersFromFiltered, responseView, scoreEntries, tokenTotals, type ResponseView } from "@/lib/results-view/sample-fields";
import { copyText } from "@/components/ui/copy-text";
import { HighlightedText } from "./highlighted-text";
import { SampleMedia } from "./sample-media";
import type { SampleView } from "./types";

export function CorrectnessBadge({ sample }: { sample: Pick<SampleView, "correct" | "failure"> }) {
  return (
    <span className="inline-flex items-center gap-1">
      {sample.correct === true ? (
        <Badge tone="green">
          <Check size={11} aria-hidden /> correct
        </Badge>
      ) : sample.correct === false ? (
        <Badge tone="red">
          <X size={11} aria-hidden /> incorrect
        </Badge>
      ) : (
        <Badge tone="neutral">
          <Circle size={9} aria-hidden /> not right/wrong
        </Badge>
      )}
      {sample.failure ? (
        <Badge tone="amber">
          <TriangleAlert size={11} aria-hidden /> {sample.failure === "request_failed" ? "request failed" : "budget exceeded"}
        </Badge>
      ) : null}
    </span>
  );
}

function Section({ title, aside, children, className }: { title: string; aside?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={cn("min-w-0", className)}>
      <div className="mb-1 flex items-baseline justify-between gap-2">
        <h3 className="text-[11px] font-semibold uppercase tracking-wide text-zinc-500">{title}</h3>
        {aside}
      </div>
      {children}
    </section>
  );
}

const textBox = "whitespace-pre-wrap break-words rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 font-mono text-[13px] leading-relaxed dark:border-zinc-800 dark:bg-zinc-950";

function ResponseBlock({ view, terms, testId }: { view: ResponseView; terms: string[]; testId?: string }) {
  if (view.kind === "empty") return <p className={cn(textBox, "italic text-zinc-400")}>(none)</p>;
  if (view.kind === "text") {
    return (
      <div className={textBox} data-testid={testId}>
        {view.text === "" ? <span className="italic text-zinc-400">(empty string)</span> : <HighlightedText text={view.text} terms={terms} />}
      </div>
    );
  }
  return (
    <ol className={cn(textBox, "list-none space-y-0.5")} data-testid={testId}>
      {view.items.map((item, i) => (
        <li key={i} className="flex gap-2">
          <span className="w-5 shrink-0 text-right text-zinc-400 tabular-nums">{i}</span>
          <span>
            <HighlightedText text={item} terms={terms} />
          </span>
        </li>
      ))}
    </ol>
  );
}

/** One sample in full: input (+ images), target vs response (raw too when it differs), scores and tokens. */
export function SampleDetail({ sample, terms, runId, onExpand, expanded = false }: { sample: SampleView; terms: string[]; runId: number; onExpand?: () => void; expanded?: boolean }) {
  const [copied, setCopied] = useState(false);
  const filtered = responseView(sample.filteredResps ?? sample.response);
  const showRaw = rawDiffersFromFiltered(sample.resps, sample.filteredResps ?? sample.response);
  const scores = scoreEntries(sample.scores);
  const tokens = tokenTotals(sample.tokenCounts);
  const inputTokens = sample.inputTokens ?? tokens.input;
  const outputTokens = sample.outputTokens ?? tokens.output;
  return (
    <article aria-label={`Sample ${sample.docId}`} className="space-y-4" data-testid="sample-detail">
      <header className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex flex-wrap items-center gap-2">
          <h2 className="font-mono text-sm font-semibold tabular-nums">doc {sample.docId}</h2>
          <CorrectnessBadge sample={sample} />
          {sample.category ? <Badge tone="violet">{sample.category}</Badge> : null}
        </div>
        <div className="flex items-center gap-1">
          <Button
            variant="ghost"
            size="sm"
            title="Copy this sample as JSON"
            onClick={async () => {
              const { media: _media, ...dto } = sample;
              if (await copyText(JSON.stringify(dto, null, 2))) {
                setCopied(true);
                setTimeout(() => setCopied(false), 1500);
              }
            }}
          >
            {copied ? <Check size={12} aria-hidden /> : <ClipboardCopy size={12} aria-hidden />} {copied ? "Copied" : "JSON"}
          </Button>
          {onExpand && !expanded ? (
            <Button variant="ghost" size="sm" onClick={onExpand} title="Open the sample (Enter)" aria-keyshortcuts="Enter">
              <Maximize2 size={12} aria-hidden /> Open
            </Button>
          ) : null}
        </div>
      </header>

      <Section title="Input" aside={sample.media.length ? <span className="text-[11px] text-zinc-500">{sample.media.length} image(s)</span> : undefined}>
        {sample.media.length ? (
          <div className="mb-2">
            <SampleMedia media={sample.media} />
          </div>
        ) : null}
        <div className={cn(textBox, !expanded && "max-h-72 overflow-auto")} data-testid="sample-input">
          {sample.input ? <HighlightedText text={sample.input} terms={terms} /> : <span className="italic text-zinc-400">(lmms-eval logged no text input)</span>}
        </div>
      </Section>

      <div className="grid gap-3 sm:grid-cols-2">
        <Section title="Target">
          <div className={textBox} data-testid="sample-target">
            {sample.target === null ? <span className="italic text-zinc-400">(none)</span> : <HighlightedText text={sample.target} terms={terms} />}
          </div>
        </Section>
        <Section title={showRaw ? "Response (filtered)" : "Response"}>
          <ResponseBlock view={filtered} terms={terms} testId="sample-response" />
        </Section>
      </div>
      {showRaw ? (
        <Section title="Raw response (resps)" aside={<span className="text-[11px] text-zinc-500">before filters and reasoning-tag stripping</span>}>
          <ResponseBlock view={responseView(sample.resps)} terms={terms} testId="sample-raw-response" />
        </Section>
      ) : null}

      <div className="grid gap-3 sm:grid-cols-2">
        <Section title="Scores">
          {scores.length ? (
            <dl className="divide-y divide-zinc-100 rounded-md border border-zinc-200 text-sm dark:divide-zinc-800 dark:border-zinc-800">
              {scores.map((s) => (
                <div key={s.metric} className="px-3 py-1.5">
                  <div className="flex items-baseline justify-between gap-3">
                    <dt className={cn("font-mono text-xs", s.metric === sample.primaryMetric && "font-semibold")}>{s.metric}</dt>
                    <dd className="font-semibold tabular-nums">{s.value}</dd>
                  </div>
                  {s.parts.length ? (
                    <dl className="mt-0.5 grid grid-cols-[auto_1fr] gap-x-3 text-[11px] text-zinc-500">
                      {s.parts.map((p) => (
                        <div key={p.key} className="contents">
                          <dt>{p.key}</dt>
                          <dd className="truncate font-mono" title={p.value}>
                            {p.value}
                          </dd>
                        </div>
                      ))}
                    </dl>
                  ) : null}
                </div>
              ))}
            </dl>
          ) : (
            <p className="text-sm text-zinc-500">No scores were logged.</p>
          )}
        </Section>
        <Section title="Tokens">
          {tokens.requests === 0 || tokens.unreported === tokens.requests ? (
            <p className="text-sm text-zinc-500">The model backend reported no token counts.</p>
          ) : (
            <dl className="grid grid-cols-3 gap-2 rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
              <div>
                <dt className="text-[11px] text-zinc-500">input</dt>
                <dd className="font-semibold tabular-nums">{formatCount(inputTokens)}</dd>
              </div>
              <div>
                <dt className="text-[11px] text-zinc-500">output</dt>
                <dd className="font-semibold tabular-nums">{formatCount(outputTokens)}</dd>
              </div>
              <div>
                <dt className="text-[11px] text-zinc-500">reasoning</dt>
                <dd className="font-semibold tabular-nums">{formatCount(tokens.reasoning)}</dd>
              </div>
              <p className="col-span-3 text-[11px] text-zinc-500">
                {tokens.requests} request{tokens.requests === 1 ? "" : "s"}
                {tokens.unreported ? `, ${tokens.unreported} without counts` : ""}
              </p>
            </dl>
          )}
        </Section>
      </div>
      <p className="text-[11px] text-zinc-500">
        <a className="hover:underline" href={`/api/v1/runs/${runId}/samples/${encodeURIComponent(sample.task)}/${sample.docId}`} target="_blank" rel="noreferrer">
          Stored record (API)
        </a>
      </p>
    </article>
  );
}
