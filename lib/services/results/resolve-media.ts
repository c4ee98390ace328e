import fs from "node:fs";
import path from "node:path";
import { ForbiddenError, NotFoundError } from "@/lib/services/errors";

const IMAGE_TYPES: Record<string, string> = {
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".bmp": "image/bmp",
};

/**
 * How the samples browser shows an `input_media` entry (docs/LMMS-EVAL-BEHAVIOUR.md §samples-jsonl): inline data URIs as images, file paths as
 * images served by the dashboard (MEDIA_ROOTS), and http(s) URLs only as links. A remote URL was chosen by whoever
 * made or imported the run; loading it as an image would make every viewer's browser contact that host (and tell it
 * who looks at which sample, when), so it is never fetched unless someone clicks it — as with images in comments.
 */
export type MediaRef =
  | { kind: "inline"; src: string }
  | { kind: "remote"; href: string }
  | { kind: "file"; ref: string }
  | { kind: "unknown"; ref: string };

export function classifyMediaRef(ref: string): MediaRef {
  if (/^data:image\/[a-z+.-]+;base64,/i.test(ref)) return { kind: "inline", src: ref };
  if (/^https?:\/\//i.test(ref)) {
    const href = URL.canParse(ref) ? new URL(ref).href : null;
    return href ? { kind: "remote", href } : { kind: "unknown", ref };
  }
  if (IMAGE_TYPES[path.extname(ref.replace(/^file:\/\//, "")).toLowerCase()]) return { kind: "file", ref: ref.replace(/^file:\/\//, "") };
  return { kind: "unknown", ref };
}

/**
 * Finds an image file for a path reference, only inside MEDIA_ROOTS (absolute paths must lie inside one; relative
 * ones are looked up under each). Symlinks are resolved before the check, so nothing outside the roots is served.
 */
export function resolveMediaFile(ref: string, mediaRoots: string[]): { file: string; contentType: string } {
  const cleaned = ref.replace(/^file:\/\//, "");
  const contentType = IMAGE_TYPES[path.extname(cleaned).toLowerCase()];
  if (!contentType) throw new NotFoundError(`An image for ${ref}`);
  if (mediaRoots.length === 0) throw new ForbiddenError("Images from files are served only from MEDIA_ROOTS, which is not set");
  const candidates = path.isAbsolute(cleaned) ? [cleaned] : mediaRoots.map((root) => path.join(root, cleaned));
  for (const candidate of candidates) {
    let real: string;
    try {
      real = fs.realpathSync(candidate);
    } catch {
      continue;
    }
    const allowed = mediaRoots.some((root) => {
      const realRoot = fs.existsSync(root) ? fs.realpathSync(root) : root;
      return real.startsWith(realRoot + path.sep);
    });
    if (!allowed) throw new ForbiddenError(`${ref} is outside MEDIA_ROOTS`);
    if (fs.statSync(real).isFile()) return { file: real, contentType };
  }
  throw new NotFoundError(`The image ${ref}`);
}
