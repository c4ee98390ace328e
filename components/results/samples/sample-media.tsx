"use client";

import { ImageOff } from "lucide-react";
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

function MediaImage({ media }: { media: MediaRef }) {
  const [failed, setFailed] = useState(false);
  if (media.kind === "unknown") return <Unavailable label="Not an image reference" detail={media.ref} />;
  const ref = media.kind === "file" ? media.ref : media.src;
  if (failed) {
    return media.kind === "file" ? (
      <Unavailable label="Not available (set MEDIA_ROOTS)" detail={ref} />
    ) : (
      <Unavailable label="Could not load the image" detail={media.kind === "inline" ? "inline data URI" : ref} />
    );
  }
  const src = media.kind === "file" ? `/api/v1/media?ref=${encodeURIComponent(media.ref)}` : media.src;
  const caption = media.kind === "inline" ? "inline image" : ref;
  return (
    <figure className="w-40">
      <a href={src} target="_blank" rel="noreferrer noopener" className="block overflow-hidden rounded-md border border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-900">
        <img
          src={src}
          alt={`Input image ${caption}`}
          loading="lazy"
          referrerPolicy={media.kind === "remote" ? "no-referrer" : undefined}
          onError={() => setFailed(true)}
          className="h-32 w-40 object-contain"
        />
      </a>
      <figcaption className="mt-1 truncate font-mono text-[10px] text-zinc-500" title={caption}>
        {caption}
      </figcaption>
    </figure>
  );
}

/** The sample's `input_media`: data URIs and URLs directly, file paths through /api/v1/media (MEDIA_ROOTS). */
export function SampleMedia({ media }: { media: MediaRef[] }) {
  if (media.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-3">
      {media.map((m, i) => (
        <MediaImage key={`${i}:${m.kind === "file" || m.kind === "unknown" ? m.ref : m.src.slice(0, 64)}`} media={m} />
      ))}
    </div>
  );
}
