"use client";

import { ImageOff } from "lucide-react";
import { useState } from "react";
import type { MediaRef } from "@/lib/services/results/resolve-media";

/** A sample's `input_media`: data URIs and http(s) URLs directly, file paths through /api/v1/media (MEDIA_ROOTS). */
export function DiffMedia({ media }: { media: MediaRef[] }) {
  if (media.length === 0) return null;
  return (
    <div className="flex flex-wrap gap-3">
      {media.map((m, i) => (
        <MediaImage key={i} media={m} />
      ))}
    </div>
  );
}

function MediaImage({ media }: { media: MediaRef }) {
  const [failed, setFailed] = useState(false);
  const ref = media.kind === "inline" || media.kind === "remote" ? media.src : media.ref;
  const caption = media.kind === "inline" ? "inline image" : ref;
  if (media.kind === "unknown" || failed) {
    return (
      <div className="flex h-36 w-48 flex-col items-center justify-center gap-1 rounded-md border border-dashed border-zinc-300 p-2 text-center dark:border-zinc-700">
        <ImageOff size={16} aria-hidden className="text-zinc-400" />
        <span className="text-[11px] text-zinc-600 dark:text-zinc-400">
          {media.kind === "unknown" ? "Not an image reference" : media.kind === "file" ? "Not available (set MEDIA_ROOTS)" : "Could not load the image"}
        </span>
        <span className="line-clamp-2 break-all font-mono text-[10px] text-zinc-500">{media.kind === "inline" ? "inline data URI" : ref}</span>
      </div>
    );
  }
  const src = media.kind === "file" ? `/api/v1/media?ref=${encodeURIComponent(media.ref)}` : media.src;
  return (
    <figure className="w-48">
      <a href={src} target="_blank" rel="noreferrer noopener" className="block overflow-hidden rounded-md border border-zinc-200 bg-zinc-50 dark:border-zinc-700 dark:bg-zinc-950">
        <img src={src} alt={`Input image ${caption}`} loading="lazy" referrerPolicy={media.kind === "remote" ? "no-referrer" : undefined} onError={() => setFailed(true)} className="h-36 w-48 object-contain" />
      </a>
      <figcaption className="mt-1 truncate font-mono text-[10px] text-zinc-500" title={caption}>
        {caption}
      </figcaption>
    </figure>
  );
}
