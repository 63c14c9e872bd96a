// Files given to the page at once (issue #12): several chosen files, a chosen folder (its
// webkitRelativePath), or a drop of files and folders (walked through the entries API).
import { MAX_BATCH_FILES, isHiddenName } from '../core/files';

export interface PickedFile {
  file: File;
  /** The path shown and used to tell files apart: "科室/名单.xlsx" from a folder, else the name. */
  path: string;
}

export { MAX_BATCH_FILES };

const zh = new Intl.Collator('zh');
const skipped = isHiddenName;

/** A FileList from an <input type=file multiple> or <input webkitdirectory>. */
export function listed(files: FileList | readonly File[]): PickedFile[] {
  const out: PickedFile[] = [];
  for (const file of Array.from(files)) {
    if (skipped(file.name)) continue;
    const rel = (file as File & { webkitRelativePath?: string }).webkitRelativePath;
    out.push({ file, path: rel || file.name });
    if (out.length >= MAX_BATCH_FILES) break;
  }
  return out;
}

const entryFile = (e: FileSystemFileEntry) => new Promise<File | null>((resolve) => e.file(resolve, () => resolve(null)));
const readSome = (r: FileSystemDirectoryReader) => new Promise<FileSystemEntry[]>((resolve) => r.readEntries(resolve, () => resolve([])));

/** What was dropped: files as they are, folders walked (hidden files and Excel's lock files skipped). */
export async function dropped(dt: DataTransfer): Promise<PickedFile[]> {
  const entries = Array.from(dt.items)
    .map((i) => (i.kind === 'file' ? i.webkitGetAsEntry?.() ?? null : null))
    .filter((e): e is FileSystemEntry => e !== null);
  if (entries.length === 0) return listed(dt.files);
  const out: PickedFile[] = [];
  const walk = async (e: FileSystemEntry, prefix: string): Promise<void> => {
    if (out.length >= MAX_BATCH_FILES || skipped(e.name)) return;
    if (e.isFile) {
      const f = await entryFile(e as FileSystemFileEntry);
      if (f) out.push({ file: f, path: prefix + e.name });
      return;
    }
    if (!e.isDirectory) return;
    const reader = (e as FileSystemDirectoryEntry).createReader();
    const children: FileSystemEntry[] = [];
    // readEntries gives at most 100 at a time: read until it gives none.
    for (let some = await readSome(reader); some.length > 0 && children.length < MAX_BATCH_FILES; some = await readSome(reader)) children.push(...some);
    children.sort((a, b) => zh.compare(a.name, b.name));
    for (const c of children) await walk(c, `${prefix}${e.name}/`);
  };
  for (const e of entries) await walk(e, '');
  return out;
}

/** A single roster goes to the workspace; several files, a folder or a zip make a batch. */
export function isBatch(files: readonly PickedFile[]): boolean {
  return files.length > 1 || files.some((f) => /\.zip$/i.test(f.file.name) || f.path.includes('/'));
}
