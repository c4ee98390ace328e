"use client";

import { ExternalLink, ImageOff } from "lucide-react";
import { useState } from "react";
import type { MediaRef } from "@/lib/services/results/resolve-media";

function Unavailable({ label, detail }: { label: string; detail: string }) {
  return (
    <div className="flex h-32 w-40 flex-col items-center justify-center gap-1 rounded-md border border-dashed border-zinc-300 bg-zinc-50 p-2 text-center dark:border-zinc-700 dark:bg-zinc-900">
      <ImageOff size={16} aria-hidden className="text-zinc-400" />
      <span className="text-[11px] font-medium text-zinc-600 dark:text-zinc-400">{label}</span>
      <span className="line-clamp-2 break-all font-mono text-[10px] text-zinc-500" title={detail}>
        {detail}
      </span>
    </div>
  );
}

/** A remote image is a link the viewer may choose to open; the page itself never requests it. */
function RemoteLink({ href }: { href: string }) {
  return (
    <a
      href={href}
      target="_blank"
      rel="noopener noreferrer nofollow"
      referrerPolicy="no-referrer"
      title={`Open ${href} (not loaded here: it is on another site)`}
      className="flex h-32 w-40 flex-col items-center justify-center gap-1 rounded-md border border-dashed border-zinc-300 bg-zinc-50 p-2 text-center hover:border-blue-400 hover:bg-blue-50 dark:border-zinc-700 dark:bg-zinc-900 dark:hover:border-blue-500 dark:hover:bg-blue-950"
    >
      <ExternalLink size={16} aria-hidden className="text-zinc-400" />
      <span className="text-[11px] font-medium text-zinc-600 dark:text-zinc-400">Image on another site</span>
      <span className="line-clamp-2 break-all font-mono text-[10px] text-blue-700 underline dark:text-blue-400">{href}</span>
    </a>
  );
}

function MediaImage({ media }: { media: Extract<MediaRef, { kind: "inline" | "file" }> }) {
  const [failed, setFailed] = useState(false);
  const ref = media.kind === "file" ? media.ref : media.src;
  if (failed) {
    return media.kind === "file" ? (
      <Unavailable label="Not available (set MEDIA_ROOTS)" detail={ref} />
    ) : (
      <Unavailable label="Could not load the image" detail="inline data URI" />
    );
  }
  const src = media.kind === "file" ? `/api/v1/media?ref=${encodeURIComponent(media.ref)}` : media.src;
  const caption = media.kind === "inline" ? "inline image" : ref;
  return (
    <figure className="w-40">
      <a href={src} target="_blank" rel="noreferrer noopener" className="block overflow-hidden rounded-md border border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900">
        <img src={src} alt={`Input image ${caption}`} loading="lazy" onError={() => setFailed(true)} className="h-32 w-40 object-contain" />
      </a>
      <figcaption className="mt-1 truncate font-mono text-[10px] text-zinc-500" title={caption}>
        {caption}
      </figcaption>
    </figure>
  );
}

function MediaItem({ media }: { media: MediaRef }) {
  if (media.kind === "unknown") return <Unavailable label="Not an image reference" detail={media.ref} />;
  if (media.kind === "remote") return <RemoteLink href={media.href} />;
  return <MediaImage media={media} />;
}

function mediaKey(media: MediaRef, index: number): string {
  const id = media.kind === "inline" ? media.src.slice(0, 64) : media.kind === "remote" ? media.href : media.ref;
  return `${index}:${id}`;
}

/** The sample's `input_media`: data URIs directly, file paths through /api/v1/media (MEDIA_ROOTS), URLs as links. */
export function SampleMedia({ media }: { media: MediaRef[] }) {
  if (media.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-3">
      {media.map((m, i) => (
        <MediaItem key={mediaKey(m, i)} media={m} />
      ))}
    </div>
  );
}
