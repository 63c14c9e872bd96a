// Text normalisation: the formatting slips that are fixes, not errors.

/** Zero-width characters and the BOM: invisible, and they break matching. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
/** Every kind of space, including U+3000 (ideographic) and NBSP. */
const SPACES = /[\s\u00A0\u3000]+/g;
const NEEDS_WORK = /[^\x21-\x7E]|\s/;

/** Remove invisible characters and trim every kind of space at both ends. */
export function cleanText(s: string): string {
  if (!NEEDS_WORK.test(s)) return s;
  return s.replace(INVISIBLE, '').replace(/^[\s\u00A0\u3000]+|[\s\u00A0\u3000]+$/g, '');
}

/**
 * A compact form for codes (ID, phone): full-width to half-width (NFKC), no spaces or invisible
 * characters, upper case.
 */
export function compactCode(s: string): string {
  if (!NEEDS_WORK.test(s) && !/[a-z]/.test(s)) return s;
  return s.normalize('NFKC').replace(INVISIBLE, '').replace(SPACES, '').toUpperCase();
}

/** A key for tolerant matching of dictionary values and headers: NFKC, no spaces, lower case. */
export function matchKey(s: string): string {
  return s.normalize('NFKC').replace(INVISIBLE, '').replace(SPACES, '').toLowerCase();
}

const CJK = '\\u3400-\\u9FFF\\uF900-\\uFAFF';
const SPACE_BETWEEN_CJK = new RegExp(`(?<=[${CJK}])[\\s\\u00A0\\u3000]+(?=[${CJK}])`, 'g');

/**
 * A person's or unit's name: trimmed, invisible characters removed, spaces between Chinese
 * characters removed ("张 三" → "张三"), while "John Smith" keeps its space.
 */
export function cleanName(s: string): string {
  const t = cleanText(s);
  if (!NEEDS_WORK.test(t)) return t;
  return t.replace(SPACE_BETWEEN_CJK, '');
}
