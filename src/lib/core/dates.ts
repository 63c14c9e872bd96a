// Calendar dates as YYYY-MM-DD text, in UTC arithmetic (no time zone can shift a day).

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 of a real YYYY-MM-DD date, or null. */
export function dayNumber(iso: string): number | null {
  const m = ISO.exec(iso);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return t / 86_400_000;
}

export function fromDayNumber(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** The date `days` after (or before, when negative) a YYYY-MM-DD date; null for a bad date. */
export function addDays(iso: string, days: number): string | null {
  const n = dayNumber(iso);
  return n === null ? null : fromDayNumber(n + days);
}
