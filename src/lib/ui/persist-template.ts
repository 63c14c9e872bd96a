// The official template's profile kept in this browser (localStorage), so it is used again after a
// reload until the user removes it. Only the derived profile and its summary are kept, never the
// template file. Nothing here ever leaves the machine.
import type { TemplateSummary } from '../worker/protocol';

export interface SavedTemplate {
  /** The profile file (JSON) from the engine's `template` reply. */
  profile: string;
  summary: TemplateSummary;
  savedAt: string;
}

const KEY = 'roster-check:template';

/** Keep the template's profile; false when the browser does not let us (private mode, storage full). */
export function saveTemplate(t: SavedTemplate): boolean {
  try {
    localStorage.setItem(KEY, JSON.stringify(t));
    return true;
  } catch {
    return false;
  }
}

/** The kept template, or null (none, or what is stored is not one: it is then ignored). */
export function loadTemplate(): SavedTemplate | null {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return null;
    const v = JSON.parse(raw) as Partial<SavedTemplate> | null;
    const s = v?.summary;
    if (typeof v?.profile !== 'string' || typeof v.savedAt !== 'string' || !s || typeof s.fileName !== 'string' || !Array.isArray(s.columns) || !Array.isArray(s.added) || !Array.isArray(s.dropped) || !Array.isArray(s.notes)) return null;
    return { profile: v.profile, summary: s, savedAt: v.savedAt };
  } catch {
    return null;
  }
}

export function clearTemplate(): void {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // nothing to clear
  }
}
