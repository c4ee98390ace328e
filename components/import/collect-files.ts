/** A picked or dropped file with the path it had inside the chosen folder (for messages and duplicate checks). */
export type PickedUpload = { file: File; name: string; path: string; size: number };

export function fromFileList(list: FileList | null): PickedUpload[] {
  return Array.from(list ?? []).map((file) => ({ file, name: file.name, path: file.webkitRelativePath || file.name, size: file.size }));
}

function readAllEntries(reader: FileSystemDirectoryReader): Promise<FileSystemEntry[]> {
  // readEntries returns at most ~100 entries per call; keep reading until it returns none.
  return new Promise((resolve, reject) => {
    const all: FileSystemEntry[] = [];
    const next = () =>
      reader.readEntries((batch) => {
        if (batch.length === 0) return resolve(all);
        all.push(...batch);
        next();
      }, reject);
    next();
  });
}

async function walk(entry: FileSystemEntry, out: PickedUpload[]): Promise<void> {
  if (entry.isFile) {
    const file = await new Promise<File>((resolve, reject) => (entry as FileSystemFileEntry).file(resolve, reject));
    out.push({ file, name: file.name, path: entry.fullPath.replace(/^\//, ""), size: file.size });
  } else if (entry.isDirectory) {
    for (const child of await readAllEntries((entry as FileSystemDirectoryEntry).createReader())) await walk(child, out);
  }
}

/** Files from a drop, descending into dropped folders (Chrome, Firefox, Safari all expose webkitGetAsEntry). */
export async function fromDataTransfer(data: DataTransfer): Promise<PickedUpload[]> {
  const entries = Array.from(data.items)
    .filter((item) => item.kind === "file")
    .map((item) => item.webkitGetAsEntry?.())
    .filter((e): e is FileSystemEntry => Boolean(e));
  if (entries.length === 0) return fromFileList(data.files);
  const out: PickedUpload[] = [];
  for (const entry of entries) await walk(entry, out);
  return out;
}
