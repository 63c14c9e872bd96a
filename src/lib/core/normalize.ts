// Text normalisation: the formatting slips that are fixes, not errors. Every function has a fast
// path for the common case (a clean cell), because it runs on every cell of 100,000-row rosters.

/** Zero-width characters, the BOM and the soft hyphen: invisible, and they break matching. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const HAS_INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;
/** Every kind of space, including U+3000 (ideographic) and NBSP. */
const SPACES = /[\s\u00A0\u3000]+/g;
const HAS_SPACE = /[\s\u00A0\u3000]/;
const EDGE_SPACES = /^[\s\u00A0\u3000]+|[\s\u00A0\u3000]+$/g;

/** True for the characters String.prototype.trim removes and the invisible ones above. */
function isBlankChar(c: number): boolean {
  return (
    c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x3000 || c === 0xfeff || c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f ||
    c === 0x2060 || c === 0xad || c === 0x85
  );
}

/** True when the cell holds nothing but spaces and invisible characters. */
export function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isBlankChar(s.charCodeAt(i))) return false;
  return true;
}

/** Remove invisible characters and trim every kind of space at both ends. */
export function cleanText(s: string): string {
  if (s.length === 0) return s;
  if (!isBlankChar(s.charCodeAt(0)) && !isBlankChar(s.charCodeAt(s.length - 1)) && !HAS_INVISIBLE.test(s)) return s;
  return s.replace(INVISIBLE, '').replace(EDGE_SPACES, '');
}

const PLAIN_CODE = /^[0-9A-Z]*$/;

/**
 * Longest text that is Unicode-normalised (NFKC). NFKC's cost grows with the square of a run of
 * combining marks of mixed classes: a cell of 32,767 of them (Excel's limit) took 0.3 s a call,
 * and a roster of 30 such rows over five minutes; 256 of them take 0.02 ms. No code, dictionary
 * value or header comes near this length, so a longer cell, which can match none of them anyway,
 * is compared without NFKC (spaces, invisible characters and case are still folded, in linear time).
 */
export const MAX_NORMALIZED_CHARS = 256;

function nfkc(s: string): string {
  return s.length <= MAX_NORMALIZED_CHARS ? s.normalize('NFKC') : s;
}

/**
 * A compact form for codes (ID, phone): full-width to half-width (NFKC, up to
 * MAX_NORMALIZED_CHARS), no spaces or invisible characters, upper case.
 */
export function compactCode(s: string): string {
  if (PLAIN_CODE.test(s)) return s;
  return nfkc(s).replace(INVISIBLE, '').replace(SPACES, '').toUpperCase();
}

/**
 * True when the text is its own key but for case: only printable ASCII other than the space, and
 * CJK ideographs (U+3400–U+4DBF, U+4E00–U+9FFF), which NFKC leaves as they are and which are
 * neither spaces nor invisible. Most cells are such text (IDs, names, units): locating a header
 * asks for four keys of every cell near the top, and NFKC twice each was its largest cost.
 */
function isPlainKey(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x21 && c <= 0x7e) || (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf)) continue;
    return false;
  }
  return true;
}

/** A key for tolerant matching of dictionary values and headers: NFKC (up to MAX_NORMALIZED_CHARS), no spaces, lower case. */
export function matchKey(s: string): string {
  if (s.length <= MAX_NORMALIZED_CHARS && isPlainKey(s)) return s.toLowerCase();
  // Removing a space, or lower-casing, can leave a letter and its combining marks uncomposed
  // ("Ι ̈̀" → "ῒ", which NFKC makes "ῒ"): normalise once more, so that the key of a key is the key.
  return nfkc(nfkc(s).replace(INVISIBLE, '').replace(SPACES, '').toLowerCase());
}

const CJK = '\\u3400-\\u9FFF\\uF900-\\uFAFF';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[\\s\\u00A0\\u3000]+(?=[${CJK}])`, 'g');

/**
 * A person's or unit's name: trimmed, invisible characters removed, spaces between Chinese
 * characters removed ("张 三" → "张三"), while "John Smith" keeps its space.
 */
export function cleanName(s: string): string {
  const t = cleanText(s);
  if (!HAS_SPACE.test(t)) return t;
  return t.replace(SPACE_BETWEEN_CJK, '');
}

/** Length in characters (code points), without allocating for the common case. */
export function charLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) n--;
  }
  return n;
}
