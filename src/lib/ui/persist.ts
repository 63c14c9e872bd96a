// Work in progress kept in this browser's IndexedDB, so that a reload by accident loses nothing.
// Nothing here ever leaves the machine.
import type { Edit, PageSettings } from '../worker/protocol';

export interface SavedWork {
  name: string;
  bytes: ArrayBuffer;
  edits: Edit[];
  declined: string[];
  savedAt: string;
}

const DB = 'roster-check';
const STORE = 'work';
const KEY = 'current';
const SETTINGS_KEY = 'roster-check:settings';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB unavailable'));
  });
}

async function tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const req = run(t.objectStore(STORE));
      t.oncomplete = () => resolve(req.result);
      t.onerror = () => reject(t.error ?? new Error('IndexedDB error'));
      t.onabort = () => reject(t.error ?? new Error('IndexedDB aborted'));
    });
  } finally {
    db.close();
  }
}

export async function saveWork(work: SavedWork): Promise<void> {
  await tx('readwrite', (s) => s.put(work, KEY));
}

export async function loadWork(): Promise<SavedWork | null> {
  try {
    const w = await tx<SavedWork | undefined>('readonly', (s) => s.get(KEY) as IDBRequest<SavedWork | undefined>);
    return w && w.bytes instanceof ArrayBuffer && typeof w.name === 'string' ? w : null;
  } catch {
    return null;
  }
}

export async function clearWork(): Promise<void> {
  await tx('readwrite', (s) => s.delete(KEY));
}

const DEFAULT_SETTINGS: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };

export function loadSettings(): PageSettings {
  try {
    const raw = localStorage.getItem(SETTINGS_KEY);
    if (!raw) return { ...DEFAULT_SETTINGS };
    const v = JSON.parse(raw) as Partial<PageSettings>;
    return {
      level: v.level === 'beijing' ? 'beijing' : 'national',
      hostProvince: typeof v.hostProvince === 'string' && v.hostProvince ? v.hostProvince : DEFAULT_SETTINGS.hostProvince,
      practical: v.practical === true,
    };
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

export function clearSettings(): void {
  try {
    localStorage.removeItem(SETTINGS_KEY);
  } catch {
    // nothing to clear
  }
}
