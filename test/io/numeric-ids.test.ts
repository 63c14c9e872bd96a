// IDs that a spreadsheet stored as numbers in Excel's General format, in a real .xlsx made by
// SheetJS (independent of our writer). Excel keeps 15 significant digits: a 15-digit ID survives
// whole although General shows it as 1.10102E+14; an 18-digit one has lost its last digits.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { HEADER, row } from '../unit/helpers';

const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');
const ID = HEADER.indexOf('证件号码');

/** A roster whose 证件号码 cells hold numbers with no number format (General). */
function rosterWithNumericIds(ids: number[]): Uint8Array {
  const rows: (string | number)[][] = ids.map((id, i) => {
    const r: (string | number)[] = row({ 序号: String(i + 1) });
    r[ID] = id;
    return r;
  });
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...rows]), '学员名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const idIssues = (bytes: Uint8Array) => checkFile(bytes, national, settings).roster.issues().filter((i) => i.column === '证件号码');

describe('IDs stored as numbers in General format', () => {
  // Number(): an 18-digit literal loses precision, which is the point, but lint rightly flags it.
  const bytes = rosterWithNumericIds([110101900307001, Number('110101199003070038')]);

  it('is a file whose cells Excel shows in scientific notation', () => {
    const ws = XLSX.read(bytes, { type: 'array', dense: true }).Sheets['学员名单'];
    const cells = (ws?.['!data'] as XLSX.CellObject[][]).slice(1).map((r) => r[ID]);
    expect(cells.map((c) => [c?.t, c?.z ?? 'General', c?.w])).toEqual([
      ['n', 'General', '1.10102E+14'],
      ['n', 'General', '1.10101E+17'],
    ]);
  });

  it('reads a 15-digit ID as its digits and offers the 18-digit form; an 18-digit one stays corrupt', () => {
    expect(idIssues(bytes)).toEqual([
      { rule: 'id.legacy', severity: 'warning', row: 2, column: '证件号码', value: '110101900307001', message: '15位旧证件号码，应升为18位：110101199003070011', fix: '110101199003070011' },
      { rule: 'id.scientific', severity: 'error', row: 3, column: '证件号码', value: '1.10101E+17', message: '证件号码被存成了数字，末几位已丢失：请将该列设为“文本”格式后重新录入原号码', fix: null },
    ]);
  });

  it('writes the 18-digit form as text into the corrected file', () => {
    const checked = checkFile(bytes, national, settings);
    const out = correctedFile(bytes, checked);
    const again = checkFile(out.bytes, national, settings);
    expect(again.roster.table()[1]?.[ID]).toBe('110101199003070011');
    expect(again.roster.issues().filter((i) => i.column === '证件号码').map((i) => [i.row, i.rule])).toEqual([[3, 'id.scientific']]);
  });
});
