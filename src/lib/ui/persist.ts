// Work in progress kept in this browser's own storage, so that a reload by accident loses nothing.
// The settings are kept apart (saved at once when changed), and cleared with the rest.
// Nothing here ever leaves the machine. The file's bytes are stored once per load; the edits and
// fix decisions, which change often, are stored apart from them (an edit never rewrites the file).
import type { Edit, PageSettings } from '../worker/protocol';
import { validProject } from './project-form';

export interface SavedFile {
  name: string;
  bytes: ArrayBuffer;
  savedAt: string;
  /** The sheet the user chose to check (a workbook with several rosters); absent: the engine's choice. */
  sheet?: string;
}

export interface SavedWork {
  edits: Edit[];
  /** Declined fixes, by cell key. */
  declined: number[];
  /** Deleted rows (0-based sheet rows as read). */
  deleted?: number[];
  /** The user's column matches (0-based sheet column → template column), from the 核对列 panel. */
  columns?: Record<number, string>;
  /** 跳过 in the 核对列 panel: it does not open by itself again for this file. */
  columnsSkipped?: boolean;
}

const DB = 'roster-check';
const FILE = 'file';
const WORK = 'work';
const KEY = 'current';
const SETTINGS_KEY = 'roster-check:settings';
const NO_SAVE_KEY = 'roster-check:no-save';
/** The work as it stood when the page was left with a save still under way (see savePendingWork). */
const PENDING_KEY = 'roster-check:pending-work';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 2);
    req.onupgradeneeded = () => {
      const db = req.result;
      // Version 1 kept file and edits in one record: dropped (it is only a convenience copy).
      for (const name of [...db.objectStoreNames]) db.deleteObjectStore(name);
      db.createObjectStore(FILE);
      db.createObjectStore(WORK);
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('storage unavailable'));
  });
}

async function tx<T>(stores: string[], mode: IDBTransactionMode, run: (t: IDBTransaction) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await open();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const t = db.transaction(stores, mode);
      const req = run(t);
      t.oncomplete = () => resolve(req ? req.result : undefined);
      t.onerror = () => reject(t.error ?? new Error('storage error'));
      t.onabort = () => reject(t.error ?? new Error('storage aborted'));
    });
  } finally {
    db.close();
  }
}

/** A newly loaded file: its bytes, and no edits yet. */
export async function saveFile(file: SavedFile): Promise<void> {
  forgetPending();
  await tx([FILE, WORK], 'readwrite', (t) => {
    t.objectStore(FILE).put(file, KEY);
    t.objectStore(WORK).delete(KEY);
  });
}

export async function saveWork(work: SavedWork): Promise<void> {
  await tx([WORK], 'readwrite', (t) => t.objectStore(WORK).put(work, KEY));
  forgetPending();
}

/**
 * The page is left while a save of the work is still under way: the browser may cut that write
 * short, so the work is written where a write is done at once. The next load prefers it, and the
 * next completed save (or a new file, or clearing) removes it.
 */
export function savePendingWork(work: SavedWork): void {
  try {
    localStorage.setItem(PENDING_KEY, JSON.stringify(work));
  } catch {
    // Storage full or refused: only the save under way can keep the work.
  }
}

function pendingWork(): Partial<SavedWork> | undefined {
  try {
    const raw = localStorage.getItem(PENDING_KEY);
    return raw ? (JSON.parse(raw) as Partial<SavedWork>) : undefined;
  } catch {
    return undefined;
  }
}

function forgetPending(): void {
  try {
    localStorage.removeItem(PENDING_KEY);
  } catch {
    // nothing kept
  }
}

export async function loadSaved(): Promise<{ file: SavedFile; work: SavedWork } | null> {
  try {
    const [file, stored] = await Promise.all([
      tx<SavedFile | undefined>([FILE], 'readonly', (t) => t.objectStore(FILE).get(KEY) as IDBRequest<SavedFile | undefined>),
      tx<SavedWork | undefined>([WORK], 'readonly', (t) => t.objectStore(WORK).get(KEY) as IDBRequest<SavedWork | undefined>),
    ]);
    const work = pendingWork() ?? stored;
    if (!file || !(file.bytes instanceof ArrayBuffer) || typeof file.name !== 'string') return null;
    if (file.sheet !== undefined && typeof file.sheet !== 'string') delete file.sheet;
    const edits = Array.isArray(work?.edits) ? work.edits : [];
    const declined = Array.isArray(work?.declined) ? work.declined.filter((k) => typeof k === 'number') : [];
    const deleted = Array.isArray(work?.deleted) ? work.deleted.filter((r) => Number.isInteger(r) && r >= 0) : [];
    const columns = validColumns(work?.columns);
    return { file, work: { edits, declined, deleted, ...(columns ? { columns } : {}), ...(work?.columnsSkipped === true ? { columnsSkipped: true } : {}) } };
  } catch {
    return null;
  }
}

/** A stored column mapping as the engine takes it, or null when it is not one. */
function validColumns(v: unknown): Record<number, string> | null {
  if (!v || typeof v !== 'object') return null;
  const out: Record<number, string> = {};
  for (const [k, name] of Object.entries(v as Record<string, unknown>)) {
    const c = Number(k);
    if (Number.isInteger(c) && c >= 0 && c < 16384 && typeof name === 'string') out[c] = name;
  }
  return Object.keys(out).length > 0 ? out : null;
}

const COLUMNS_KEY = 'roster-check:columns';
/** Header rows remembered, at most (the oldest go first). */
const MAX_REMEMBERED = 50;

/** The user's column matches for a roster with this header row (its cells' text only), or null. */
export function rememberedColumns(header: readonly string[]): Record<number, string> | null {
  try {
    const all = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? '[]') as [string, unknown][];
    const key = JSON.stringify(header);
    return Array.isArray(all) ? validColumns(all.find((e) => Array.isArray(e) && e[0] === key)?.[1]) : null;
  } catch {
    return null;
  }
}

/** Remember the matches for rosters with this header row (the next one is matched the same way). */
export function rememberColumns(header: readonly string[], columns: Record<number, string>): void {
  try {
    const raw = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? '[]') as unknown;
    const key = JSON.stringify(header);
    const all = (Array.isArray(raw) ? raw : []).filter((e): e is [string, unknown] => Array.isArray(e) && e[0] !== key);
    if (Object.keys(columns).length > 0) all.push([key, columns]);
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(all.slice(-MAX_REMEMBERED)));
  } catch {
    // Private mode or storage full: matches are simply not remembered.
  }
}

/** Remove the file, the edits and the settings from this browser. */
export async function clearAll(): Promise<void> {
  forgetPending();
  try {
    localStorage.removeItem(SETTINGS_KEY);
    localStorage.removeItem(COLUMNS_KEY);
  } catch {
    // nothing to clear
  }
  await tx([FILE, WORK], 'readwrite', (t) => {
    t.objectStore(FILE).clear();
    t.objectStore(WORK).clear();
  });
}

const DEFAULT_SETTINGS: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };

export function validSettings(v: Partial<PageSettings> | null | undefined): PageSettings {
  if (!v) return { ...DEFAULT_SETTINGS };
  const project = validProject(v.project);
  return {
    level: v.level === 'beijing' ? 'beijing' : 'national',
    hostProvince: typeof v.hostProvince === 'string' && v.hostProvince ? v.hostProvince : DEFAULT_SETTINGS.hostProvince,
    practical: v.practical === true,
    ...(project ? { project } : {}),
  };
}

export function loadSettings(): PageSettings {
  try {
    const raw = localStorage.getItem(SETTINGS_KEY);
    return validSettings(raw ? (JSON.parse(raw) as Partial<PageSettings>) : null);
  } catch {
    return { ...DEFAULT_SETTINGS };
  }
}

export function saveSettings(s: PageSettings): void {
  try {
    localStorage.setItem(SETTINGS_KEY, JSON.stringify(s));
  } catch {
    // Private mode or storage full: settings are simply not remembered.
  }
}

/**
 * The user's choice not to keep anything on this computer. The choice itself is remembered (it
 * holds nothing about any roster), or the next visit would save again.
 */
export function loadNoSave(): boolean {
  try {
    return localStorage.getItem(NO_SAVE_KEY) === '1';
  } catch {
    return false;
  }
}

export function saveNoSave(noSave: boolean): void {
  try {
    if (noSave) localStorage.setItem(NO_SAVE_KEY, '1');
    else localStorage.removeItem(NO_SAVE_KEY);
  } catch {
    // not remembered
  }
}

/** Forget the stored roster and its work (返回首页): the settings stay. */
export async function clearFile(): Promise<void> {
  forgetPending();
  await tx([FILE, WORK], 'readwrite', (t) => {
    t.objectStore(FILE).clear();
    t.objectStore(WORK).clear();
  });
}
