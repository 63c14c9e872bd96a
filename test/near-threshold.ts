// A generated roster just below the 10% rule: 200 of 2,001 people (9.995%) work in another
// province, none at a 基层 unit. Every share shown as text must read 9.99% for it, never 10.0%.
import * as XLSX from 'xlsx';
import { HEADER, makeRows } from '../scripts/synth.mjs';

export function nearThresholdRows(): string[][] {
  const P = HEADER.indexOf('单位所在省份');
  const U = HEADER.indexOf('工作单位');
  const G = HEADER.indexOf('是否基层单位');
  return (makeRows(2001, 7) as string[][]).map((r, i) => {
    const row = r.slice();
    row[P] = i < 200 ? '河北省' : '北京市';
    row[U] = i < 200 ? '河北医科大学第二医院' : '北京协和医院';
    row[G] = '否';
    return row;
  });
}

/** The roster as an .xlsx workbook. */
export function nearThresholdXlsx(): Buffer {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...nearThresholdRows()]), '学员名单');
  return XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }) as Buffer;
}
