// An official blank template saved as Excel 97–2003 (.xls): its sheets (cells read by SheetJS, as
// every roster is), its defined names (NAME records) and its list validations (DV records), with
// their formulas turned back into the text an .xlsx template holds ("男,女" inline, '字典'!$A$1:$A$9,
// a name), so the profile is derived the same way as from the template saved as .xlsx.
import { columnLetter, type RawSheet } from '../../core/types';
import { ReadError, readWorkbook } from '../read';
import { BOUNDSHEET, EOF, BOF, readRecords, u16, u32, type Rec } from './records';
import { biff8Stream, readCfb } from './patch';

const NAME = 0x0018;
const EXTERNSHEET = 0x0017;
const DV = 0x01be;
const MAX_VALIDATIONS = 10_000;

export interface XlsTemplateBook {
  refs: { name: string; hidden: boolean }[];
  names: { name: string; sheet: number | undefined; formula: string }[];
  sheets: (RawSheet & { validations: { type: string; sqref: string; formula: string }[] })[];
}

const latin1 = new TextDecoder('latin1');
const utf16 = new TextDecoder('utf-16le');

function chars(b: Uint8Array, p: number, cch: number, high: boolean): string {
  return (high ? utf16 : latin1).decode(b.subarray(p, p + cch * (high ? 2 : 1)));
}

/** A column index as BIFF8 stores it (the upper bits are flags). */
const colLetters = (c: number) => columnLetter(c & 0x3fff);
const cell = (r: number, c: number) => `$${colLetters(c)}$${r + 1}`;
const quoteSheet = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The text of a formula's parsed tokens, for the few tokens a list's source uses; null for anything else. */
function formulaText(rgce: Uint8Array, sheetOfXti: (ixti: number) => string | undefined, nameOf: (i: number) => string | undefined): string | null {
  const t = rgce[0];
  if (t === undefined) return null;
  const b = rgce;
  switch (t) {
    case 0x17: {
      const cch = b[1] as number;
      return `"${chars(b, 3, cch, ((b[2] as number) & 1) === 1).split('\u0000').join(',')}"`;
    }
    case 0x3b: case 0x5b: case 0x7b: {
      const sheet = sheetOfXti(u16(b, 1));
      if (sheet === undefined) return null;
      return `${quoteSheet(sheet)}!${cell(u16(b, 3), u16(b, 7))}:${cell(u16(b, 5), u16(b, 9))}`;
    }
    case 0x3a: case 0x5a: case 0x7a: {
      const sheet = sheetOfXti(u16(b, 1));
      if (sheet === undefined) return null;
      return `${quoteSheet(sheet)}!${cell(u16(b, 3), u16(b, 5))}`;
    }
    case 0x25: case 0x45: case 0x65:
      return `${cell(u16(b, 1), u16(b, 5))}:${cell(u16(b, 3), u16(b, 7))}`;
    case 0x24: case 0x44: case 0x64:
      return cell(u16(b, 1), u16(b, 3));
    case 0x23: case 0x43: case 0x63:
      return nameOf(u32(b, 1)) ?? null;
    default:
      return null;
  }
}

/** The template's sheets, names and list validations. Throws ReadError (one Chinese sentence). */
export function xlsTemplateBook(bytes: Uint8Array): XlsTemplateBook {
  const workbook = readWorkbook(bytes);
  let stream: Uint8Array | null = null;
  try {
    stream = biff8Stream(readCfb(bytes));
  } catch {
    stream = null;
  }
  if (!stream) throw new ReadError('not-spreadsheet', '这个 .xls 模板的版本过旧，无法读取下拉列表；请在 Excel 中另存为 .xlsx 后再试');
  let records: Rec[];
  try {
    records = readRecords(stream).records;
  } catch {
    throw new ReadError('corrupt', '模板文件已损坏，无法读取；请从申报系统重新下载空白模板');
  }
  const refs: XlsTemplateBook['refs'] = [];
  const xti: number[] = [];
  const rawNames: { name: string; sheet: number | undefined; rgce: Uint8Array }[] = [];
  let depth = 0;
  let sheetIndex = -1;
  const validations: XlsTemplateBook['sheets'][number]['validations'][] = [];
  let seen = 0;
  for (const r of records) {
    const b = r.body;
    if (r.type === BOF) {
      if (depth++ === 0 && sheetIndex >= -1 && refs.length) sheetIndex++;
      validations[sheetIndex] ??= [];
      continue;
    }
    if (r.type === EOF) {
      depth = Math.max(0, depth - 1);
      continue;
    }
    if (depth !== 1) continue;
    if (sheetIndex < 0) {
      if (r.type === BOUNDSHEET && b.length >= 8) refs.push({ name: chars(b, 8, b[6] as number, ((b[7] as number) & 1) === 1), hidden: ((b[4] as number) & 3) !== 0 });
      else if (r.type === EXTERNSHEET && b.length >= 2) for (let k = 0; k < u16(b, 0) && 2 + 6 * k + 6 <= b.length; k++) xti.push(u16(b, 2 + 6 * k + 2));
      else if (r.type === NAME && b.length >= 15) {
        const builtin = (u16(b, 0) & 0x20) !== 0;
        const cch = b[3] as number;
        const cce = u16(b, 4);
        const itab = u16(b, 8);
        const high = ((b[14] as number) & 1) === 1;
        const at = 15 + cch * (high ? 2 : 1);
        rawNames.push({ name: builtin ? '' : chars(b, 15, cch, high), sheet: itab ? itab - 1 : undefined, rgce: b.subarray(at, at + cce) });
      }
      continue;
    }
    if (r.type !== DV || ++seen > MAX_VALIDATIONS) continue;
    const type = u32(b, 0) & 0xf;
    let p = 4;
    for (let k = 0; k < 4; k++) {
      const cch = u16(b, p);
      const high = ((b[p + 2] as number) & 1) === 1;
      p += 3 + cch * (high ? 2 : 1);
    }
    const cce1 = u16(b, p);
    const rgce1 = b.subarray(p + 4, p + 4 + cce1);
    p += 4 + cce1;
    const cce2 = u16(b, p);
    p += 4 + cce2;
    const refsCount = u16(b, p);
    const areas: string[] = [];
    for (let k = 0; k < refsCount && p + 2 + 8 * k + 8 <= b.length; k++) {
      const q = p + 2 + 8 * k;
      areas.push(`${colLetters(u16(b, q + 4))}${u16(b, q) + 1}:${colLetters(u16(b, q + 6))}${u16(b, q + 2) + 1}`);
    }
    (validations[sheetIndex] ??= []).push({ type: type === 3 ? 'list' : 'other', sqref: areas.join(' '), formula: '', rgce: rgce1 } as never);
  }
  const sheetOfXti = (i: number) => refs[xti[i] ?? -1]?.name;
  const names: XlsTemplateBook['names'] = [];
  const nameOf = (i: number): string | undefined => rawNames[i - 1]?.name || undefined;
  for (const n of rawNames) {
    if (!n.name) continue;
    const formula = formulaText(n.rgce, sheetOfXti, nameOf);
    if (formula !== null) names.push({ name: n.name, sheet: n.sheet, formula });
  }
  const sheets = refs.map((ref, i) => {
    const raw = workbook.sheets.find((s) => s.name === ref.name) ?? { name: ref.name, rows: [], numeric: new Set<number>() };
    const list = (validations[i] ?? []).map((v) => {
      const rgce = (v as unknown as { rgce: Uint8Array }).rgce;
      return { type: v.type, sqref: v.sqref, formula: formulaText(rgce, sheetOfXti, nameOf) ?? '#FORMULA' };
    });
    return { ...raw, validations: list };
  });
  return { refs, names, sheets };
}
