// The project form's reading of what was typed: text to numbers here, then the same rules as the
// command line's `--project` file (core/project-check.ts, zod-free so the page can load it): real
// dates, end not before start, numbers not negative, planned enrolment a whole number. Errors are
// per field, in Chinese, shown beside the field.
import type { ProjectSettings } from '../core/types';
import { MODES, checkProject, type ProjectErrorKind } from '../core/project-check';

export { MODES };

/** What the form's fields hold: text as typed ('' = not given). */
export interface ProjectDraft {
  mode: string;
  start: string;
  end: string;
  hours: string;
  credits: string;
  planned: string;
  jjj: boolean;
}

export type DraftField = keyof ProjectDraft;
export type DraftErrors = Partial<Record<DraftField, string>>;

export function draftOf(p: ProjectSettings | undefined): ProjectDraft {
  const n = (v: number | undefined) => (v === undefined ? '' : String(v));
  return { mode: p?.mode ?? '', start: p?.start ?? '', end: p?.end ?? '', hours: n(p?.hours), credits: n(p?.credits), planned: n(p?.planned), jjj: p?.jjj === true };
}

/** Text typed in a number field: '' when empty, null when it is not a number. */
function numberOf(text: string): number | '' | null {
  const s = text.trim();
  if (s === '') return '';
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

// The form's own words where a field cannot hold what the file could (a list, a date picker);
// the other messages are the shared ones.
const FORM_WORDS: Partial<Record<ProjectErrorKind, string>> = { choice: '请从列表中选择', date: '不是真实存在的日期' };

/**
 * The settings a draft stands for, or the errors that stop it (then nothing is sent: the project
 * is checked with the last valid settings until the user corrects the field). `project` is
 * undefined when no field is filled in.
 */
export function readDraft(d: ProjectDraft): { project?: ProjectSettings; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const data: Record<string, unknown> = {};
  if (d.mode !== '') data.mode = d.mode;
  for (const k of ['start', 'end'] as const) if (d[k].trim() !== '') data[k] = d[k].trim();
  for (const k of ['hours', 'credits', 'planned'] as const) {
    const v = numberOf(d[k]);
    if (v === null) errors[k] = '请填写数字';
    else if (v !== '') data[k] = v;
  }
  if (d.jjj) data.jjj = true;
  const checked = checkProject(data);
  if ('errors' in checked) for (const e of checked.errors) errors[e.field as DraftField] ??= FORM_WORDS[e.kind] ?? e.message;
  if (Object.keys(errors).length || !('settings' in checked)) return { errors };
  return Object.keys(checked.settings).length ? { project: checked.settings, errors } : { errors };
}

/** The fields the form shows, picked from stored settings (a key the form has not is left out). */
const FORM_KEYS = ['mode', 'start', 'end', 'hours', 'credits', 'planned', 'jjj'] as const;

/** Project settings read back from storage: kept only if every field is valid, else dropped. */
export function validProject(v: unknown): ProjectSettings | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const picked: Record<string, unknown> = {};
  for (const k of FORM_KEYS) if (Object.hasOwn(o, k) && o[k] !== undefined) picked[k] = o[k];
  if (picked.jjj === false) delete picked.jjj;
  const checked = checkProject(picked);
  return 'settings' in checked && Object.keys(checked.settings).length ? checked.settings : undefined;
}
