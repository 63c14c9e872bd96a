// Text hygiene and pasted rosters (issue #10), part of the hostile corpus (scripts/make-hostile.mjs):
// names, IDs and phone numbers with characters that cannot be seen or that turn the text around
// (a right-to-left override, LRM/RLM, isolates, variation selectors, NUL, an escape), and a header
// row pasted again mid-file (rosters of several sessions pasted one under another). Each is a
// 60-attendee roster whose every planted cell has exactly one fix. Deterministic; synthetic people.
import * as XLSX from 'xlsx';
import { HEADER, makeRows } from './synth.mjs';
import { enc } from './zip.mjs';

const CHECKED = [0, 1];
/** Exit code of a roster with errors. */
const ERRORS = 1;
const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));

/** What is put into which cell: [data row (0-based), column, make(value) → value with hidden characters]. */
export const HIDDEN_CELLS = [
  [2, '姓名', (v) => `${v[0]}\u202e${v.slice(1)}`],
  [5, '姓名', (v) => `\u200e${v}\u200f`],
  [8, '姓名', (v) => `\u2067${v}\u2069`],
  [11, '姓名', (v) => `${v}\ufe0f`],
  [14, '姓名', (v) => `${v[0]}\u{e0100}${v.slice(1)}`],
  [17, '姓名', (v) => `${v}\u0000`],
  [20, '姓名', (v) => `\u001b${v}`],
  [23, '证件号码', (v) => `\u202d${v.slice(0, 6)}\u202c${v.slice(6)}`],
  [26, '证件号码', (v) => `${v}\u200e`],
  [29, '手机号码', (v) => `${v.slice(0, 3)}\u2066${v.slice(3)}\u2069`],
  [32, '手机号码', (v) => `\u202e${v}`],
  [35, '工作单位', (v) => `${v}\u0085`],
];

export const HYGIENE = [
  { name: 'bidi-names.xlsx', what: 'a 60-attendee roster with a right-to-left override, LRM/RLM, isolates, variation selectors, NUL and ESC in 12 names, IDs, phones and units', code: CHECKED, attendees: 60, rules: ['text.invisible'] },
  { name: 'bidi-names.csv', what: 'the same roster as a UTF-8 CSV (NUL, ESC and NEL inside cells)', code: CHECKED, attendees: 60, rules: ['text.invisible'] },
  // A repeated header is an error (the upload would read it as an attendee) whose fix deletes the row.
  { name: 'header-repeated.xlsx', what: 'a 60-attendee roster of three sessions pasted one under another, the header repeated twice mid-file', code: ERRORS, attendees: 60, rules: ['header.repeat'] },
  { name: 'header-repeated.csv', what: 'the same pasted roster as a CSV, one repeated header with spaces around its texts', code: ERRORS, attendees: 60, rules: ['header.repeat'] },
];

/** The clean roster the hidden-character files are made from (header + 60 attendees). */
export function hygieneClean() {
  return [HEADER, ...makeRows(60, 50)];
}

function hiddenRows() {
  const rows = hygieneClean().map((r) => [...r]);
  for (const [i, col, make] of HIDDEN_CELLS) rows[1 + i][COL[col]] = make(rows[1 + i][COL[col]]);
  return rows;
}

/** The pasted roster: 20 attendees, the header, 20, the header, 20 (the clean roster's people). */
export function pastedRows(spaced = false) {
  const [header, ...people] = hygieneClean();
  const again = spaced ? header.map((h) => ` ${h} `) : [...header];
  return [header, ...people.slice(0, 20), again, ...people.slice(20, 40), ...(spaced ? [] : [[...header]]), ...people.slice(40)];
}

function xlsx(rows) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '学员名单');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true, compression: true }));
}

function csv(rows) {
  const field = (v) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return enc(`\ufeff${rows.map((r) => r.map(field).join(',')).join('\r\n')}\r\n`);
}

/** name → bytes for every file of this group. */
export function hygieneFiles() {
  return {
    'bidi-names.xlsx': xlsx(hiddenRows()),
    'bidi-names.csv': csv(hiddenRows()),
    'header-repeated.xlsx': xlsx(pastedRows()),
    'header-repeated.csv': csv(pastedRows(true)),
  };
}
