// What every rule may read: the profile prepared for fast look-ups, and the settings.
import type { Dictionary, Profile } from '../profile';
import type { Issue, RuleId, Settings, Severity } from '../types';
import { matchKey } from '../normalize';
import { shortMessage } from '../quote';

export interface PreparedDictionary {
  values: Set<string>;
  /** matchKey(value) → value, so "医院感染(管理)学" finds "医院感染（管理）学". */
  byKey: Map<string, string>;
  slips: Map<string, string>;
  vague: Map<string, string>;
  /** A short list of allowed values for messages. */
  hint: string;
}

export interface RuleContext {
  profile: Profile;
  settings: Settings;
  dictionaries: Record<string, PreparedDictionary>;
  residentIdTypes: Set<string>;
  /** Today as the number YYYYMMDD. */
  today: number;
}

/** What a dictionary held when it was prepared: its values, then its slips and vague values as pairs. */
function contents(d: Dictionary): string[] {
  const out = [...d.values, '\u0000'];
  for (const [from, to] of Object.entries(d.slips)) out.push(from, to);
  out.push('\u0000');
  for (const [v, hint] of Object.entries(d.vague)) out.push(v, hint);
  return out;
}

/**
 * Whether the dictionary still holds `held` (as contents() made it), without making a new list:
 * a batch asks this for every dictionary of every roster.
 */
function stillHolds(d: Dictionary, held: readonly string[]): boolean {
  let k = 0;
  const values = d.values;
  for (let i = 0; i < values.length; i++) if (values[i] !== held[k++]) return false;
  if (held[k++] !== '\u0000') return false;
  /** Walks the pairs of a record as Object.entries() lists them; false at the first difference. */
  const pairs = (map: Record<string, string>): boolean => {
    for (const key in map) {
      if (!Object.prototype.hasOwnProperty.call(map, key)) continue;
      if (key !== held[k++] || map[key] !== held[k++]) return false;
    }
    return true;
  };
  if (!pairs(d.slips) || held[k++] !== '\u0000' || !pairs(d.vague)) return false;
  return k === held.length;
}

/**
 * Prepared dictionaries, by the profile's dictionary object: a batch checks a thousand rosters
 * with one profile, and preparing (a tolerant key of every value and slip) cost as much as the
 * rules on a 300-row roster. Used only while the dictionary still holds what it held.
 */
const preparedCache = new WeakMap<Dictionary, { contents: string[]; prepared: PreparedDictionary }>();

export function prepareDictionary(d: Dictionary): PreparedDictionary {
  const cached = preparedCache.get(d);
  if (cached && stillHolds(d, cached.contents)) return cached.prepared;
  const now = contents(d);
  const byKey = new Map<string, string>();
  for (const v of d.values) byKey.set(matchKey(v), v);
  const slips = new Map<string, string>();
  for (const [from, to] of Object.entries(d.slips)) slips.set(matchKey(from), to);
  const vague = new Map<string, string>();
  for (const [v, hint] of Object.entries(d.vague)) vague.set(matchKey(v), hint);
  const hint = d.values.length <= 8 ? d.values.join('、') : `${d.values.slice(0, 4).join('、')}等`;
  const prepared = { values: new Set(d.values), byKey, slips, vague, hint };
  preparedCache.set(d, { contents: now, prepared });
  return prepared;
}

export function prepareContext(profile: Profile, settings: Settings): RuleContext {
  const dictionaries: Record<string, PreparedDictionary> = {};
  for (const [name, d] of Object.entries(profile.dictionaries)) dictionaries[name] = prepareDictionary(d);
  const today = Number(settings.today.replace(/-/g, ''));
  if (!Number.isInteger(today) || today < 19000101) throw new Error(`settings.today must be YYYY-MM-DD, got ${settings.today}`);
  return { profile, settings, dictionaries, residentIdTypes: new Set(profile.residentIdTypes), today };
}

/**
 * Build an issue; every rule goes through here so the shape stays one. The message quotes at most
 * a short prefix of a long value (a cell may hold 32,767 characters); `value` and `fix` stay whole.
 */
export function issue(
  rule: RuleId,
  severity: Severity,
  row: number | null,
  column: string | null,
  value: string,
  message: string,
  fix: string | null = null,
): Issue {
  return { rule, severity, row, column, value, message: shortMessage(message), fix };
}

/**
 * Cell checkers push what they find to `out` and return the value to use in cross-field rules:
 * the value after its fix, or null when the cell cannot be understood. No allocation on a clean
 * cell: they run on every cell of 100,000-row rosters.
 */
export type CellChecker = (value: string, column: string, row: number, out: Issue[]) => string | null;
