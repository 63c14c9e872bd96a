// Rule `cell.formula`: a cell that starts with =, +, -, @ (or a tab or carriage return) may be
// executed as a formula by a spreadsheet program (CSV injection, see OWASP "CSV Injection").
// A plain signed number or phone such as "+86 138…" is not flagged.
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

const PLAIN_SIGNED = /^[+-][\d\s().-]*$/;

export function isFormulaLike(value: string): boolean {
  const c = value.charCodeAt(0);
  // = + - @ \t \r
  if (c !== 61 && c !== 43 && c !== 45 && c !== 64 && c !== 9 && c !== 13) return false;
  return !((c === 43 || c === 45) && PLAIN_SIGNED.test(value));
}

export function checkFormula(value: string, column: string | null, row: number): Issue | null {
  if (!isFormulaLike(value)) return null;
  return issue('cell.formula', 'warning', row, column, value, `单元格以“${value[0] === '\t' ? '制表符' : value[0] === '\r' ? '回车符' : value[0]}”开头，表格软件可能当作公式执行，请删去开头符号`);
}

export const rule = defineRule({
  scope: 'cell',
  pure: true,
  kinds: 'any',
  info: [{ id: 'cell.formula', name: '可能被当作公式执行的单元格', description: '以 =、+、-、@ 开头的单元格会被表格软件当作公式执行', severity: 'warning' }],
  check(value, cell, out) {
    const f = checkFormula(value, cell.column, cell.row);
    if (f) out.push(f);
    return value;
  },
});
