// Times of attendance records as clock times of the place the event is held: minutes since
// 1970-01-01 00:00 read as UTC, never shifted by a time zone (a sign-in at 08:00 is 08:00).
import { dayNumber, fromDayNumber } from '../dates';

export const MINUTES_A_DAY = 24 * 60;

/** The day (days since 1970-01-01) of a date cell: 2026-05-10, 2026/5/10, 2026.5.10, 2026年5月10日, 5/10/26. */
export function parseDay(text: string): number | null {
  const t = text.trim();
  let m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(t);
  if (m) return dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  // SheetJS shows a date cell without a format of its own as m/d/yy.
  m = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/.exec(t);
  if (m) return dayOf(2000 + Number(m[3]), Number(m[1]), Number(m[2]));
  return null;
}

function dayOf(y: number, mo: number, d: number): number | null {
  return dayNumber(`${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
}

/** Minutes into the day of a clock time: 8:05, 08:05:30, 8时05分, 8点05; null otherwise. */
export function parseClock(text: string): number | null {
  const m = /^(\d{1,2})\s*[:：时点]\s*(\d{1,2})(?:\s*[:：分]\s*(\d{1,2})?\s*秒?)?$/.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (h > 23 || min > 59) return null;
  return h * 60 + min;
}

/**
 * Minutes since the epoch of a date and time in one cell ("2026-05-10 08:05", "2026/5/10 7:40",
 * "5/10/26 8:02"), or of a time alone on `day` (from a 日期 column or the date of the cell before);
 * null when it cannot be read.
 */
export function parseTime(text: string, day: number | null = null): number | null {
  const t = text.trim().replace(/\s+/g, ' ');
  if (!t) return null;
  const sep = /^(\S+?)(?:日)?\s*[ T]\s*(\d.*)$/.exec(t.replace(/日\s*/, '日 '));
  if (sep) {
    const d = parseDay(sep[1] as string);
    const c = parseClock(sep[2] as string);
    if (d !== null && c !== null) return d * MINUTES_A_DAY + c;
  }
  const c = parseClock(t);
  if (c !== null && day !== null) return day * MINUTES_A_DAY + c;
  const d = parseDay(t);
  return d !== null ? d * MINUTES_A_DAY : null;
}

/** A duration in minutes: 120, 120分钟, 6:10 (h:mm), 6:10:00, 2小时30分, 1.5小时; null otherwise. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (!t) return null;
  let m = /^(\d+(?:\.\d+)?)\s*(?:分钟|分|min)?$/i.exec(t);
  if (m) return Number(m[1]);
  m = /^(\d+):(\d{1,2})(?::(\d{1,2}))?$/.exec(t);
  if (m) return Number(m[1]) * 60 + Number(m[2]) + Number(m[3] ?? 0) / 60;
  m = /^(?:(\d+(?:\.\d+)?)\s*(?:小时|时|h))?\s*(?:(\d+)\s*(?:分钟|分|m))?$/i.exec(t);
  if (m && (m[1] !== undefined || m[2] !== undefined)) return Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0);
  return null;
}

/** "2026-05-10 08:05" */
export function showTime(minutes: number): string {
  const day = Math.floor(minutes / MINUTES_A_DAY);
  return `${fromDayNumber(day)} ${showClock(minutes)}`;
}

/** "08:05" */
export function showClock(minutes: number): string {
  const m = ((minutes % MINUTES_A_DAY) + MINUTES_A_DAY) % MINUTES_A_DAY;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(Math.round(m % 60)).padStart(2, '0')}`;
}

/** Hours as a clerk reads them: 2 小时, 4.8 小时, 2 小时 30 分. */
export function showHours(minutes: number): string {
  const whole = Math.round(minutes);
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  if (m === 0) return `${h} 小时`;
  return h === 0 ? `${m} 分钟` : `${h} 小时 ${m} 分钟`;
}

/**
 * The project's start as minutes since the epoch: "2026-05-10 08:00" (the time when given) or
 * "2026-05-10" (the start of the day); null for neither.
 */
export function projectStart(start: string | undefined): number | null {
  if (start === undefined) return null;
  return parseTime(start);
}
