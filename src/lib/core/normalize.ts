// Text normalisation: the formatting slips that are fixes, not errors. Every function has a fast
// path for the common case (a clean cell), because it runs on every cell of 100,000-row rosters.

/**
 * Characters that are invisible, or that change how the text around them is shown, and that no
 * roster value needs (rule `text.invisible` names them; see rules/invisible.ts): control
 * characters (C0 but tab, line feed and carriage return, which are spaces here; DEL; C1), the
 * bidirectional controls (LRM, RLM, ALM, the embeddings and overrides U+202A–U+202E, the isolates
 * U+2066–U+2069) and the variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF).
 */
const HIDDEN_CLASS = '\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069\\uFE00-\\uFE0F';
/**
 * A test for them, as one character class (the fast case of a regular expression: it runs on every
 * cell). The supplementary selectors are surrogate pairs led by \\uDB40, which leads nothing else
 * but the tag characters U+E0000–U+E007F (invisible too) and unassigned code points: the lead
 * stands for the pair, and is removed with it.
 */
// eslint-disable-next-line no-misleading-character-class -- variation selectors are matched alone, on purpose
export const HAS_HIDDEN = new RegExp(`[${HIDDEN_CLASS}\\uDB40]`);
/**
 * HAS_HIDDEN.test(s), without the regular expression for the common cell: printable ASCII and
 * U+3400–U+D7FF (CJK, Hangul) hold no hidden character, so a cell of only those is decided in
 * one plain loop; any other character leaves the answer to HAS_HIDDEN.
 */
export function hasHidden(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x20 && c < 0x7f) || (c >= 0x3400 && c < 0xd800)) continue;
    return HAS_HIDDEN.test(s);
  }
  return false;
}
/**
 * Everything cleaning removes: the hidden characters above, and the zero-width characters, the BOM
 * and the soft hyphen (invisible, and they break matching: a `format` slip when nothing else is).
 */
// eslint-disable-next-line no-misleading-character-class -- variation selectors are matched alone, on purpose
const HAS_INVISIBLE = new RegExp(`[\\u200B-\\u200D\\u2060\\uFEFF\\u00AD${HIDDEN_CLASS}\\uDB40]`);
/** The same characters as a table of UTF-16 code units (1: removed), for one pass over a long cell. */
const REMOVED = new Uint8Array(65536);
for (const [from, to] of [[0x00, 0x08], [0x0b, 0x0c], [0x0e, 0x1f], [0x7f, 0x9f], [0xad, 0xad], [0x061c, 0x061c], [0x200b, 0x200f], [0x202a, 0x202e], [0x2060, 0x2060], [0x2066, 0x2069], [0xfe00, 0xfe0f], [0xfeff, 0xfeff]] as const) {
  REMOVED.fill(1, from, to + 1);
}

/** What the page shows in place of each character stripInvisible() removes. */
export const HIDDEN_MARK = '□';

/** `s` with each character of REMOVED (a tag character's pair as one) replaced by `mark`. */
function replaceInvisible(s: string, mark: string): string {
  if (!HAS_INVISIBLE.test(s)) return s;
  let out = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (REMOVED[c] !== 1 && c !== 0xdb40) continue;
    if (i > start) out += s.slice(start, i);
    out += mark;
    if (c === 0xdb40) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    start = i + 1;
  }
  return start < s.length ? out + s.slice(start) : out;
}

/**
 * The text without any invisible character (hidden, zero-width, BOM, soft hyphen; a plane-14 pair
 * whole). One pass over the code units: a regular expression that removes 20,000 characters of a
 * 32,767-character cell costs ten times as much.
 */
export function stripInvisible(s: string): string {
  return replaceInvisible(s, '');
}

/**
 * `s` with each character stripInvisible() removes shown as HIDDEN_MARK, for display: a
 * right-to-left override shown as it is would make "张三" read "三张" on the page, and an ID read
 * with other digits than it holds. One pass; the text itself is never changed.
 */
export function showHidden(s: string): string {
  return replaceInvisible(s, HIDDEN_MARK);
}

/** Every kind of space, including U+3000 (ideographic) and NBSP. */
const SPACES = /[\s\u00A0\u3000]+/g;
const HAS_SPACE = /[\s\u00A0\u3000]/;
const EDGE_SPACES = /^[\s\u00A0\u3000]+|[\s\u00A0\u3000]+$/g;

/**
 * True for the characters String.prototype.trim removes and the invisible ones above (so that a
 * cell of nothing but control characters is empty), the common case (printable ASCII, Chinese)
 * decided in two comparisons.
 */
function isBlankChar(c: number): boolean {
  if (c <= 32) return true;
  if (c < 0x7f) return false;
  if (c >= 0x3400) return c === 0xfeff || (c >= 0xfe00 && c <= 0xfe0f);
  return (
    c <= 0xa0 || c === 0xad || c === 0x061c || c === 0x1680 || (c >= 0x2000 && c <= 0x200f) || (c >= 0x2028 && c <= 0x202f) ||
    (c >= 0x205f && c <= 0x2069) || c === 0x3000
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
  return stripInvisible(s).replace(EDGE_SPACES, '');
}

/** A code that is its own compact form: digits and capital letters only (see isPlainCode). */
export const PLAIN_CODE = /^[0-9A-Z]*$/;

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
/** PLAIN_CODE.test(s) as a plain loop (it runs on every ID cell). */
export function isPlainCode(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a)) continue;
    return false;
  }
  return true;
}

export function compactCode(s: string): string {
  if (isPlainCode(s)) return s;
  return stripInvisible(nfkc(s)).replace(SPACES, '').toUpperCase();
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
  return nfkc(stripInvisible(nfkc(s)).replace(SPACES, '').toLowerCase());
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
