// The project form's rules, as the command line's `--project` file is checked (core/project.ts,
// which the page does not import: it would bring zod into the first load): real dates, end not
// before start, numbers not negative, planned enrolment a whole number. Errors are per field, in
// Chinese, shown beside the field.
import type { ProjectMode, ProjectSettings } from '../core/types';

export const MODES: readonly ProjectMode[] = ['面授', '远程', '面授+远程'];

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

/** A real calendar day written YYYY-MM-DD. */
export function isDay(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function amount(text: string, whole: boolean): { value?: number; error?: string } {
  const s = text.trim();
  if (s === '') return {};
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(s)) return { error: '请填写数字' };
  const v = Number(s);
  if (!Number.isFinite(v)) return { error: '请填写数字' };
  if (v < 0) return { error: '不能为负数' };
  if (whole && !Number.isInteger(v)) return { error: '应为整数' };
  return { value: v };
}

/**
 * The settings a draft stands for, or the errors that stop it (then nothing is sent: the project
 * is checked with the last valid settings until the user corrects the field). `project` is
 * undefined when no field is filled in.
 */
export function readDraft(d: ProjectDraft): { project?: ProjectSettings; errors: DraftErrors } {
  const errors: DraftErrors = {};
  const p: ProjectSettings = {};
  if (d.mode !== '') {
    if ((MODES as readonly string[]).includes(d.mode)) p.mode = d.mode as ProjectMode;
    else errors.mode = '请从列表中选择';
  }
  for (const k of ['start', 'end'] as const) {
    const s = d[k].trim();
    if (s === '') continue;
    if (isDay(s)) p[k] = s;
    else errors[k] = '不是真实存在的日期';
  }
  if (p.start !== undefined && p.end !== undefined && p.end < p.start) errors.end = '结束日期早于开始日期';
  for (const k of ['hours', 'credits', 'planned'] as const) {
    const a = amount(d[k], k === 'planned');
    if (a.error) errors[k] = a.error;
    else if (a.value !== undefined) p[k] = a.value;
  }
  if (d.jjj) p.jjj = true;
  if (Object.keys(errors).length) return { errors };
  return Object.keys(p).length ? { project: p, errors } : { errors };
}

/** Project settings read back from storage: kept only if every field is valid, else dropped. */
export function validProject(v: unknown): ProjectSettings | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const text = (x: unknown) => (typeof x === 'string' ? x : '');
  const num = (x: unknown) => (typeof x === 'number' ? String(x) : '');
  const { project, errors } = readDraft({ mode: text(o.mode), start: text(o.start), end: text(o.end), hours: num(o.hours), credits: num(o.credits), planned: num(o.planned), jjj: o.jjj === true });
  return Object.keys(errors).length ? undefined : project;
}
