// Resident identity numbers (GB 11643): 6-digit region, YYYYMMDD, 3-digit sequence, check character.

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character for the first 17 digits (which must be ASCII digits). */
export function checkCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** First two digits of a resident ID: GB/T 2260 province codes, plus 81/82/83 for residence permits. */
const PROVINCE_CODE_LIST = [
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54,
  61, 62, 63, 64, 65, 71, 81, 82, 83,
];
const PROVINCE_CODE_TABLE = new Uint8Array(100);
for (const c of PROVINCE_CODE_LIST) PROVINCE_CODE_TABLE[c] = 1;

/** The number formed by the ASCII digits s[from..from+len). */
export function digitsAt(s: string, from: number, len: number): number {
  let n = 0;
  for (let i = from; i < from + len; i++) n = n * 10 + (s.charCodeAt(i) - 48);
  return n;
}

/** True when the first two digits are a province code (or 81/82/83). */
export function hasProvinceCode(id: string): boolean {
  return PROVINCE_CODE_TABLE[digitsAt(id, 0, 2)] === 1;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** True when YYYYMMDD (as numbers) is a real calendar date. */
export function isRealDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  const max = m === 2 && isLeap(y) ? 29 : (DAYS_IN_MONTH[m - 1] as number);
  return d <= max;
}

/** Whole years between a birth date and today (both YYYYMMDD numbers). */
export function ageOn(birth: number, today: number): number {
  return Math.floor((today - birth) / 10000);
}

export const RESIDENT_ID_SHAPE = /^\d{17}[\dX]$/;

/** RESIDENT_ID_SHAPE.test(s) as a plain loop (it runs on every ID cell). */
export function isResidentShape(s: string): boolean {
  if (s.length !== 18) return false;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  const last = s.charCodeAt(17);
  return (last >= 48 && last <= 57) || last === 88;
}

/** What scanResidentId() found besides its answer: the number's hashOf() (idindex.ts), when it is in form. */
export const scanned = { hash: 0 };

/**
 * isResidentShape(s), checkCharacter(s) and hashOf(s) in one pass over the code units (the ID
 * rule runs on every row, and the number is the row's key in the ID index): the check character
 * the first 17 digits call for, or '' when s is not in the resident ID's form. When it is,
 * `scanned.hash` is hashOf(s), FNV-1a over the UTF-16 code units as idindex.ts computes it.
 */
export function scanResidentId(s: string): string {
  if (s.length !== 18) return '';
  let sum = 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < 17; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return '';
    sum += (c - 48) * (WEIGHTS[i] as number);
    h = Math.imul(h ^ c, 0x01000193);
  }
  const last = s.charCodeAt(17);
  if (!((last >= 48 && last <= 57) || last === 88)) return '';
  scanned.hash = Math.imul(h ^ last, 0x01000193) >>> 0;
  return CHECK_CHARS[sum % 11] as string;
}
export const LEGACY_ID_SHAPE = /^\d{15}$/;

/** The 18-digit form of a 15-digit legacy ID: insert "19" before the year, add the check character. */
export function upgradeLegacyId(id15: string): string {
  const first17 = `${id15.slice(0, 6)}19${id15.slice(6)}`;
  return first17 + checkCharacter(first17);
}

/** Male when the sequence (17th digit) is odd. */
export function sexFromId(id18: string): '男' | '女' {
  return (id18.charCodeAt(16) - 48) % 2 === 1 ? '男' : '女';
}

/**
 * 港澳台居民居住证 (GB 11643 form, issued since 2018): the region is 810000 (Hong Kong), 820000
 * (Macau) or 830000 (Taiwan), never a mainland region. State Council notice of 2018-08-19,
 * 《港澳台居民居住证申领发放办法》: http://www.gov.cn/zhengce/content/2018-08/19/content_5314865.htm
 */
export const RESIDENCE_PERMIT_REGIONS: Readonly<Record<string, string>> = { '810000': '香港', '820000': '澳门', '830000': '台湾' };

/** The place a residence-permit region code stands for, or null when it is not one. */
export function residencePermitRegion(id: string): string | null {
  return Object.prototype.hasOwnProperty.call(RESIDENCE_PERMIT_REGIONS, id.slice(0, 6)) ? (RESIDENCE_PERMIT_REGIONS[id.slice(0, 6)] as string) : null;
}

/**
 * The place whose residents' residence permits start with the number's first two digits (81 香港,
 * 82 澳门, 83 台湾), or null. A 居民身份证 is issued to mainland residents only, so it never starts
 * with these: GB/T 2260 gives 81 and 82 to the regions as a whole, and the State Council's
 * 《港澳台居民居住证申领发放办法》 (2018) gives 810000, 820000 and 830000 to the permits.
 */
export function permitPlace(id: string): string | null {
  if (id.charCodeAt(0) !== 56) return null;
  const c = id.charCodeAt(1);
  return c === 49 ? '香港' : c === 50 ? '澳门' : c === 51 ? '台湾' : null;
}

/**
 * 外国人永久居留身份证 issued since December 2023 (国家移民管理局): 18 characters starting with 9, in
 * the resident ID's form, ending in the same GB 11643 check character (a digit or X).
 */
export const FOREIGN_PR_2023_SHAPE = /^9\d{16}[\dX]$/;
/** The card issued from 2004 to 2023: ISO 3166 alpha-3 nationality + 12 digits. */
export const FOREIGN_PR_2004_SHAPE = /^[A-Z]{3}\d{12}$/;

export type ForeignPrCheck =
  | { kind: 'ok'; version: 2004 | 2023 }
  | { kind: 'checksum'; expected: string }
  | { kind: 'shape' };

/** Check a compact 外国人永久居留身份证 number (see `compactCode`). */
export function checkForeignPermanentResident(compact: string): ForeignPrCheck {
  if (FOREIGN_PR_2004_SHAPE.test(compact)) return { kind: 'ok', version: 2004 };
  if (!FOREIGN_PR_2023_SHAPE.test(compact)) return { kind: 'shape' };
  const expected = checkCharacter(compact);
  return compact[17] === expected ? { kind: 'ok', version: 2023 } : { kind: 'checksum', expected };
}
