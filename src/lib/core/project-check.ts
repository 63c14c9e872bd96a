// The one set of rules for the project's own settings, shared by the command line's `--project`
// file (core/project.ts) and the page's form (ui/project-form.ts). No zod here: the page imports
// this on first load. Every key is optional; dates are real YYYY-MM-DD days and the end is not
// before the start; hours and credits are numbers not below 0; the planned enrolment is a whole
// number not below 0; numbers and years within sensible ranges (PROJECT_LIMITS, PROJECT_YEARS);
// jjj and practical are true or false; any other key is refused.
import type { ProjectMode, ProjectSettings } from './types';
import { dayNumber } from './dates';

export const MODES: readonly ProjectMode[] = ['面授', '远程', '面授+远程'];

/** The keys a project settings object may hold, in the order their errors are given. */
export const PROJECT_KEYS = ['mode', 'start', 'end', 'hours', 'credits', 'planned', 'jjj', 'practical'] as const;
export type ProjectKey = (typeof PROJECT_KEYS)[number];

/**
 * What is wrong, so that a caller may word it for its own users (the form says "请从列表中选择"
 * where the file's reader lists the choices). `field` is the key ('' for the whole object).
 */
export type ProjectErrorKind = 'object' | 'unknown' | 'type' | 'choice' | 'date' | 'negative' | 'range' | 'whole' | 'order';
export interface ProjectFieldError {
  field: string;
  kind: ProjectErrorKind;
  message: string;
}

const MESSAGES: Record<ProjectErrorKind, string> = {
  object: '应为一个对象，如 {"credits": 2}',
  unknown: '不认识的字段',
  type: '类型不对',
  choice: `应为 ${MODES.join('、')} 之一`,
  date: '应为真实存在的日期，写作 YYYY-MM-DD',
  negative: '不能为负数',
  range: '超出合理范围',
  whole: '应为整数',
  order: '结束日期早于开始日期',
};

/**
 * The sensible range of each number and of the dates' years: a value past it is a typing slip (or
 * a file built to break the rules' arithmetic: 1e308 hours made "最多授予 Infinity 学分").
 */
export const PROJECT_LIMITS = { credits: 100, hours: 1000, planned: 100_000 } as const;
export const PROJECT_YEARS = { min: 2000, max: 2100 } as const;
const RANGE_TEXT: Record<string, string> = {
  credits: `应在 0 到 ${PROJECT_LIMITS.credits} 之间`,
  hours: `应在 0 到 ${PROJECT_LIMITS.hours} 之间`,
  planned: `应在 0 到 ${PROJECT_LIMITS.planned} 之间`,
  start: `年份应在 ${PROJECT_YEARS.min} 到 ${PROJECT_YEARS.max} 之间`,
  end: `年份应在 ${PROJECT_YEARS.min} 到 ${PROJECT_YEARS.max} 之间`,
};

/** A start date with a time of day: "2026-05-10 08:00". */
const START_TIME = /^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2})$/;
const validClock = (hm: string) => {
  const [h, m] = hm.split(':').map(Number);
  return (h as number) <= 23 && (m as number) <= 59;
};

const isKey = (k: string): k is ProjectKey => (PROJECT_KEYS as readonly string[]).includes(k);

/**
 * The settings `data` stands for, or every error in it: errors of the known keys in PROJECT_KEYS
 * order, then the unknown keys, then an end before the start (checked when both dates are good).
 */
export function checkProject(data: unknown): { settings: ProjectSettings } | { errors: ProjectFieldError[] } {
  const error = (field: string, kind: ProjectErrorKind): ProjectFieldError => ({ field, kind, message: (kind === 'range' ? RANGE_TEXT[field] : undefined) ?? MESSAGES[kind] });
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return { errors: [error('', 'object')] };
  const o = data as Record<string, unknown>;
  const given = new Set(Object.keys(o));
  const errors: ProjectFieldError[] = [];
  const settings: ProjectSettings = {};
  for (const k of PROJECT_KEYS) {
    if (!given.has(k) || o[k] === undefined) continue;
    const v = o[k];
    switch (k) {
      case 'mode':
        if ((MODES as readonly unknown[]).includes(v)) settings.mode = v as ProjectMode;
        else errors.push(error(k, 'choice'));
        break;
      case 'start':
      case 'end':
        if (typeof v !== 'string') errors.push(error(k, 'type'));
        else {
          // The start may carry a time ("2026-05-10 08:00"): the sign-in check compares with it.
          const timed = k === 'start' ? START_TIME.exec(v) : null;
          const date = timed ? (timed[1] as string) : v;
          if (dayNumber(date) === null || (timed && !validClock(timed[2] as string))) errors.push(error(k, 'date'));
          else if (Number(date.slice(0, 4)) < PROJECT_YEARS.min || Number(date.slice(0, 4)) > PROJECT_YEARS.max) errors.push(error(k, 'range'));
          else {
            settings[k] = date;
            if (timed) settings.startTime = (timed[2] as string).padStart(5, '0');
          }
        }
        break;
      case 'hours':
      case 'credits':
      case 'planned':
        if (typeof v !== 'number' || !Number.isFinite(v)) errors.push(error(k, 'type'));
        else if (v < 0) errors.push(error(k, 'negative'));
        else if (v > PROJECT_LIMITS[k]) errors.push(error(k, 'range'));
        else if (k === 'planned' && !Number.isInteger(v)) errors.push(error(k, 'whole'));
        else settings[k] = v;
        break;
      case 'jjj':
      case 'practical':
        if (typeof v === 'boolean') settings[k] = v;
        else errors.push(error(k, 'type'));
        break;
    }
  }
  for (const k of given) if (!isKey(k)) errors.push(error(k, 'unknown'));
  if (settings.start !== undefined && settings.end !== undefined && settings.end < settings.start) errors.push(error('end', 'order'));
  return errors.length ? { errors } : { settings };
}

/**
 * Whether two project settings say the same: field by field, a switch left out being off (a
 * manifest row writes `jjj: false`, the form leaves it out). Key order never matters.
 */
export function sameProject(a: ProjectSettings | null | undefined, b: ProjectSettings | null | undefined): boolean {
  for (const k of PROJECT_KEYS) {
    const x = a?.[k];
    const y = b?.[k];
    if (k === 'jjj' || k === 'practical' ? (x ?? false) !== (y ?? false) : x !== y) return false;
  }
  if (a?.startTime !== b?.startTime) return false;
  return true;
}
