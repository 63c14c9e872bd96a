// Column matching (issue #19): which sheet column holds each template column. A proposal comes
// from the header text (exact, an alias, the text normalised, one containing the other, or a few
// characters apart) or from what the column holds (valid 18-digit IDs, 11-digit mobiles, province
// names, a dictionary's values); the user confirms or changes it, and a user's mapping wins over
// everything. Pure: the worker and the command line hand in the header and up to
// MAX_SAMPLES cells per column.
import type { Column, Profile } from './profile';
import { columnLetter } from './types';
import { headerKeys, headerLabel, type HeaderMatch, type Located } from './locate';
import { matchKey } from './normalize';
import { checkCharacter, hasProvinceCode, isResidentShape } from './idnumber';
import { MOBILE } from './mobile';

/** How a column was matched: its header is the template's name, one of its aliases, its content, or the user said so. */
export type MatchBy = 'header' | 'alias' | 'content' | 'user';

export interface ColumnMatch {
  /** The template column's name (the profile's). */
  column: string;
  /** 0-based sheet column, or null when no sheet column is proposed. */
  index: number | null;
  by: MatchBy | null;
  /** 0..1: how sure the proposal is (1 for an exact header or the user's choice). */
  score: number;
}

/** A user's mapping: 0-based sheet column → template column name. */
export type ColumnMapping = Readonly<Record<number, string>>;

/** Cells read per column for content proposals. */
export const MAX_SAMPLES = 500;

/** Below this a proposal is not made. */
const MIN_SCORE = 0.5;

export { columnLetter };

/** 0-based index of an Excel column letter ("E" → 4), or null. */
export function letterIndex(letter: string): number | null {
  const s = letter.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(s)) return null;
  let n = 0;
  for (const ch of s) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1 < 16384 ? n - 1 : null;
}

/** Up to `max` non-empty cells of each column below the header (rows[from..]). */
export function columnSamples(rows: readonly (readonly string[])[], from: number, width: number, max = MAX_SAMPLES): string[][] {
  const out: string[][] = Array.from({ length: width }, () => []);
  let open = width;
  // A blank column never fills: the scan stops after this many rows whatever (a 100,000-row roster).
  const end = Math.min(rows.length, from + max * 8);
  for (let r = from; r < end && open > 0; r++) {
    const row = rows[r];
    if (!row) continue;
    for (let c = 0; c < width; c++) {
      const list = out[c] as string[];
      if (list.length >= max) continue;
      const v = (row[c] ?? '').trim();
      if (!v) continue;
      list.push(v);
      if (list.length === max) open--;
    }
  }
  return out;
}

/** Levenshtein distance, on code points (short header texts only). */
function distance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length] as number;
}

const PARTS = /[/／、|｜或]+/;

/** How well a header cell names a template column, by its text alone. */
export function headerScore(cell: string, col: Column): { score: number; by: 'header' | 'alias' } | null {
  if (!cell.trim() || cell.length > 120) return null;
  if (cell.trim() === col.name) return { score: 1, by: 'header' };
  const nameKey = matchKey(col.name);
  const aliasKeys = col.aliases.map((a) => matchKey(a));
  const keys = headerKeys(cell);
  if (keys.includes(nameKey)) return { score: 0.97, by: 'header' };
  if (keys.some((k) => aliasKeys.includes(k))) return { score: 0.92, by: 'alias' };
  // "身份证号码/护照号": one of its parts names the column.
  const label = matchKey(headerLabel(cell));
  const parts = label.split(PARTS).filter(Boolean);
  if (parts.length > 1) {
    if (parts.includes(nameKey)) return { score: 0.9, by: 'header' };
    if (parts.some((p) => aliasKeys.includes(p))) return { score: 0.88, by: 'alias' };
  }
  let best: { score: number; by: 'header' | 'alias' } | null = null;
  const consider = (key: string, by: 'header' | 'alias') => {
    if (!key) return;
    for (const p of [label, ...(parts.length > 1 ? parts : [])]) {
      if (!p) continue;
      let s = 0;
      // One contains the other: 手机号码（必填项） / 学员手机号码.
      if (key.length >= 2 && (p.includes(key) || key.includes(p)) && Math.min(p.length, key.length) >= 2) s = 0.6 + 0.2 * (Math.min(p.length, key.length) / Math.max(p.length, key.length));
      else {
        const d = distance(p, key);
        const len = Math.max([...p].length, [...key].length);
        const sim = 1 - d / len;
        if (len >= 3 && sim >= 0.6) s = 0.5 * sim + 0.1;
      }
      if (s > (best?.score ?? 0)) best = { score: s, by };
    }
  };
  consider(nameKey, 'header');
  for (const a of aliasKeys) consider(a, 'alias');
  return best;
}

/** A valid 18-digit resident ID: its shape, region and check character. */
function validResidentId(v: string): boolean {
  const s = v.toUpperCase();
  return isResidentShape(s) && /^\d{17}[\dX]$/.test(s) && hasProvinceCode(s) && checkCharacter(s) === s[17];
}

/** A test of one cell for each kind the content can tell, given the profile. */
function contentTest(col: Column, profile: Profile): ((v: string) => boolean) | null {
  switch (col.kind) {
    case 'idNumber':
      return validResidentId;
    case 'mobile':
      return (v) => MOBILE.test(v.replace(/[\s-]/g, ''));
    case 'email':
      return (v) => /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v);
    default: {
      const d = col.dictionary !== undefined ? profile.dictionaries[col.dictionary] : undefined;
      if (!d) return null;
      const keys = new Set([...d.values, ...Object.keys(d.slips)].map((x) => matchKey(x)));
      return (v) => keys.has(matchKey(v));
    }
  }
}

/** Share of a column's samples a test accepts (0 for fewer than 3 samples). */
function contentShare(samples: readonly string[], test: (v: string) => boolean): number {
  if (samples.length < 3) return 0;
  let ok = 0;
  for (const v of samples) if (test(v)) ok++;
  return ok / samples.length;
}

/**
 * Dictionaries whose values also fit other columns (是/否 fits 是否基层单位 and nothing else, but
 * 男/女 columns are short): a content match needs more of the column for them.
 */
const SMALL_DICTIONARY = 4;

/**
 * Propose a sheet column for each template column of the profile, in the profile's order. Header
 * text first; a column no header names may be found by its content. Each sheet column is
 * proposed for one template column at most (the best-scoring pairs first). `mapping`, when given,
 * is the user's and wins: those pairs are fixed, `by: 'user'`.
 */
export function proposeColumns(header: readonly string[], profile: Profile, samples: readonly (readonly string[])[], mapping: ColumnMapping = {}): ColumnMatch[] {
  const width = Math.max(header.length, samples.length);
  const candidates: { col: number; index: number; score: number; by: MatchBy }[] = [];
  const out: ColumnMatch[] = profile.columns.map((c) => ({ column: c.name, index: null, by: null, score: 0 }));
  const takenIndex = new Set<number>();
  const takenCol = new Set<number>();
  for (const [k, name] of Object.entries(mapping)) {
    const ci = profile.columns.findIndex((c) => c.name === name);
    const index = Number(k);
    if (ci < 0 || !Number.isInteger(index) || takenCol.has(ci)) continue;
    out[ci] = { column: name, index, by: 'user', score: 1 };
    takenCol.add(ci);
    takenIndex.add(index);
  }
  profile.columns.forEach((col, ci) => {
    if (takenCol.has(ci)) return;
    const test = contentTest(col, profile);
    const small = col.dictionary !== undefined && (profile.dictionaries[col.dictionary]?.values.length ?? 0) <= SMALL_DICTIONARY;
    for (let index = 0; index < width; index++) {
      if (takenIndex.has(index)) continue;
      const found = headerScore(header[index] ?? '', col);
      const h = found && found.score >= MIN_SCORE ? found : null;
      let content = 0;
      if (test) {
        const share = contentShare(samples[index] ?? [], test);
        // Below an exact header or alias: a header that names a column wins over content.
        if (share >= (small ? 0.9 : 0.6)) content = 0.5 + 0.35 * share;
      }
      // A header that names the column and content that fits it: the header's word, the content's weight too.
      if (h) candidates.push({ col: ci, index, score: Math.min(1, Math.max(h.score, content) + (content > 0 ? 0.05 : 0)), by: h.by });
      else if (content > 0) candidates.push({ col: ci, index, score: content, by: 'content' });
    }
  });
  candidates.sort((a, b) => b.score - a.score || a.index - b.index || a.col - b.col);
  for (const c of candidates) {
    if (takenCol.has(c.col) || takenIndex.has(c.index)) continue;
    takenCol.add(c.col);
    takenIndex.add(c.index);
    const name = profile.columns[c.col]?.name as string;
    out[c.col] = { column: name, index: c.index, by: c.by, score: Math.round(c.score * 100) / 100 };
  }
  return out;
}

/** A --columns text the command line cannot use: one Chinese sentence. */
export class ColumnSpecError extends Error {
  override name = 'ColumnSpecError';
}

/**
 * "联系方式=手机号码,身份证号码/护照号=证件号码" (also "，" and "＝"; "[E]=手机号码" names a blank or
 * repeated header by its column letter) as matches; a template column the profile lacks is refused.
 */
export function parseColumnSpec(text: string, profile: Profile): HeaderMatch[] {
  const names = new Set(profile.columns.map((c) => c.name));
  const out: HeaderMatch[] = [];
  for (const part of text.split(/[,，]/)) {
    if (!part.trim()) continue;
    const eq = Math.max(part.lastIndexOf('='), part.lastIndexOf('＝'));
    const left = eq >= 0 ? part.slice(0, eq).trim() : '';
    const column = eq >= 0 ? part.slice(eq + 1).trim() : '';
    if (!left || !column) throw new ColumnSpecError(`--columns 的“${part.trim().slice(0, 30)}”应写成“表头=列名”，如：联系方式=手机号码`);
    if (!names.has(column)) throw new ColumnSpecError(`--columns 中的“${column.slice(0, 30)}”不是模板的列名，可用的列名有：${[...names].join('、')}`);
    const letter = /^[[［](.+)[\]］]$/.exec(left);
    if (letter) {
      const index = letterIndex(letter[1] as string);
      if (index === null) throw new ColumnSpecError(`--columns 中的“${left.slice(0, 30)}”不是列标，应写成如 [E] 的样子`);
      out.push({ header: null, index, column });
    } else out.push({ header: left, index: null, column });
  }
  return out;
}

/** One sheet column as matched, for the command line's JSON and the page. */
export interface MatchedColumn {
  index: number;
  letter: string;
  header: string;
  column: string;
  by: MatchBy;
}

/** The columns the checks ran on: each template column found, its sheet column, header and how it was matched. */
export function matchedColumns(located: Located, header: readonly string[]): MatchedColumn[] {
  const user = new Set(located.userMatched ?? []);
  const out: MatchedColumn[] = [];
  for (const [column, index] of Object.entries(located.columns)) {
    const col = located.byIndex[index];
    const cell = header[index] ?? '';
    const named = col !== undefined && headerKeys(cell).includes(matchKey(col.name));
    out.push({ index, letter: columnLetter(index), header: cell, column, by: user.has(index) ? 'user' : named ? 'header' : 'alias' });
  }
  return out.sort((a, b) => a.index - b.index);
}

/**
 * Proposals for the template columns the header did not name: a sheet column no template column
 * holds, by its header or content. Never applied: the page and the command line show them.
 */
export function suggestColumns(located: Located, rows: readonly (readonly string[])[], profile: Profile): MatchedColumn[] {
  const header = rows[located.headerRow] ?? [];
  const width = Math.min(Math.max(header.length, located.byIndex.length), 16384);
  const taken = new Set(Object.values(located.columns));
  const fixed: Record<number, string> = {};
  for (const [name, c] of Object.entries(located.columns)) fixed[c] = name;
  const out: MatchedColumn[] = [];
  for (const m of proposeColumns(header, profile, columnSamples(rows, located.firstDataRow, width), fixed)) {
    if (m.index === null || m.by === null || m.by === 'user' || taken.has(m.index) || m.column in located.columns) continue;
    out.push({ index: m.index, letter: columnLetter(m.index), header: header[m.index] ?? '', column: m.column, by: m.by });
  }
  return out.sort((a, b) => a.index - b.index);
}
