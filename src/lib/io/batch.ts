// Files the batch writes (issue #12): the batch report workbook and the merged roster.
import * as XLSX from 'xlsx';
import { ruleName, SEVERITY_TEXT } from '../core/index';
import type { RuleId, Severity } from '../core/types';
import { VERDICT_ORDER, type Verdict } from '../core/verdict';
import { sheetJsLayout } from './read';
import { csvBytes } from './write';

/** One roster's line in the 汇总 sheet. */
export interface BatchReportFile {
  file: string;
  project: string;
  attendees: number | null;
  outOfProvince: number | null;
  grassroots: number | null;
  /** The share as text (core's formatPercent), '' when unreadable. */
  share: string;
  errors: number | null;
  warnings: number | null;
  /** core/verdict.ts: its word in 结论, its sentence (what to do, or why it cannot be read) in 说明. */
  verdict: Verdict;
}

export interface BatchReportIssue {
  file: string;
  row: number | null;
  column: string | null;
  rule: string;
  severity: string;
  message: string;
}

/** An issue of `file` as the report's 全部问题 lists it: the rule's Chinese name, the severity in words. */
export function reportIssue(file: string, i: { row: number | null; column: string | null; rule: RuleId; severity: Severity; message: string }): BatchReportIssue {
  return { file, row: i.row, column: i.column, rule: ruleName(i.rule), severity: SEVERITY_TEXT[i.severity], message: i.message };
}

export interface BatchReportInput {
  files: BatchReportFile[];
  duplicates: { id: string; names: string[]; occurrences: { file: string; row: number }[] }[];
  /** Same-day findings, listed in the 跨文件重复 sheet next to the duplicates. */
  sameDay: { id: string; name: string; date: string; credits: number; files: string[] }[];
  issues: Iterable<BatchReportIssue>;
  /** Lines for the end of the 汇总 sheet (manifest mismatches and the like). */
  notes: string[];
  /** Most issue rows written (the sheet says when there are more). */
  maxIssues?: number;
}

/** A sheet of text and numbers with a frozen, filterable header and the given column widths. */
function table(rows: (string | number)[][], widths: number[]): XLSX.WorkSheet {
  const ws = XLSX.utils.aoa_to_sheet(rows);
  ws['!cols'] = widths.map((wch) => ({ wch }));
  const width = rows[0]?.length ?? 1;
  ws['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(rows.length - 1, 1), c: width - 1 } }) };
  return ws;
}

/**
 * SheetJS (community edition) writes no frozen panes: add them to each worksheet's XML after
 * writing (a <pane> in the sheet view, as Excel writes it for 视图 → 冻结首行).
 */
function freezeTopRow(bytes: Uint8Array): Uint8Array {
  interface Cfb { FullPaths: string[]; FileIndex: { content: Uint8Array | number[] }[] }
  const cfb = XLSX.CFB.read(bytes, { type: 'array' }) as Cfb;
  const pane = '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>';
  cfb.FullPaths.forEach((p, i) => {
    if (!/xl\/worksheets\/sheet\d+\.xml$/.test(p)) return;
    const entry = cfb.FileIndex[i];
    if (!entry) return;
    const xml = new TextDecoder().decode(Uint8Array.from(entry.content));
    entry.content = new TextEncoder().encode(xml.replace(/<sheetView workbookViewId="0"\s*\/>/, pane));
  });
  return new Uint8Array(XLSX.CFB.write(cfb, { fileType: 'zip', type: 'array', compression: true }) as ArrayBuffer);
}

export function writeBatchReport(input: BatchReportInput): Uint8Array {
  const wb = XLSX.utils.book_new();
  const files = input.files.slice().sort((a, b) => VERDICT_ORDER[a.verdict.code] - VERDICT_ORDER[b.verdict.code] || a.file.localeCompare(b.file, 'zh'));
  const n = (x: number | null) => (x === null ? '' : x);
  const summary: (string | number)[][] = [['文件', '项目名称', '学员', '外省', '基层', '占比', '错误', '警告', '结论', '说明']];
  for (const f of files) {
    summary.push([f.file, f.project, n(f.attendees), n(f.outOfProvince), n(f.grassroots), f.share, n(f.errors), n(f.warnings), f.verdict.label, f.verdict.code === 'ready' ? '' : f.verdict.text]);
  }
  const ws = table(summary, [40, 30, 8, 8, 8, 8, 8, 8, 10, 50]);
  if (input.notes.length > 0) XLSX.utils.sheet_add_aoa(ws, [[''], ...input.notes.map((t) => [t])], { origin: -1 });
  XLSX.utils.book_append_sheet(wb, ws, '汇总');

  const dup: (string | number)[][] = [['证件号码', '姓名', '出现次数', '所在文件及行号', '同日超学分']];
  const over = new Map<string, string[]>();
  for (const s of input.sameDay) over.set(s.id, [...(over.get(s.id) ?? []), `${s.date} 共 ${s.credits} 学分（${s.files.join('、')}）`]);
  for (const d of input.duplicates) {
    dup.push([d.id, d.names.join('、'), d.occurrences.length, d.occurrences.map((o) => `${o.file} 第 ${o.row} 行`).join('；'), (over.get(d.id) ?? []).join('；')]);
  }
  XLSX.utils.book_append_sheet(wb, table(dup, [22, 16, 10, 80, 60]), '跨文件重复');

  const max = input.maxIssues ?? 100_000;
  const all: (string | number)[][] = [['文件', '行号', '列', '问题类别', '级别', '问题']];
  let more = 0;
  for (const i of input.issues) {
    if (all.length > max) {
      more++;
      continue;
    }
    all.push([i.file, i.row ?? '', i.column ?? '', i.rule, i.severity, i.message]);
  }
  if (more > 0) all.push(['', '', '', '', '', `另有 ${more} 处问题未列出；完整清单请用 --json 输出`]);
  XLSX.utils.book_append_sheet(wb, table(all, [40, 8, 14, 24, 8, 80]), '全部问题');
  return freezeTopRow(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer));
}

/** Column widths and merged cells of a roster's sheet (for the merged roster's look). */
export function sheetLayout(bytes: Uint8Array, sheetName: string): { cols?: XLSX.ColInfo[]; merges?: XLSX.Range[] } {
  try {
    // Through the package layer, as the roster was read: never the user's bytes as they are.
    const wb = sheetJsLayout(bytes, { cellStyles: true, sheets: [sheetName] });
    const ws = wb?.Sheets[sheetName];
    if (!ws) return {};
    return { cols: ws['!cols'], merges: ws['!merges'] };
  } catch {
    return {};
  }
}

/**
 * The merged roster: an .xlsx (every cell text, so IDs and phones keep their digits) with the first
 * roster's column widths and title merges, or a UTF-8 CSV when `ext` is csv.
 */
export function writeMerged(rows: readonly (readonly string[])[], ext: 'xlsx' | 'csv', layout: { cols?: XLSX.ColInfo[]; merges?: XLSX.Range[] } = {}, sheetName = '学员名单'): Uint8Array {
  if (ext === 'csv') return csvBytes(rows);
  const ws: XLSX.WorkSheet = {};
  let width = 0;
  rows.forEach((row, r) => {
    row.forEach((v, c) => {
      if (v === '') return;
      ws[XLSX.utils.encode_cell({ r, c })] = { t: 's', v };
      if (c + 1 > width) width = c + 1;
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(rows.length - 1, 0), c: Math.max(width - 1, 0) } });
  if (layout.cols) ws['!cols'] = layout.cols;
  if (layout.merges) ws['!merges'] = layout.merges.filter((m) => m.e.r < rows.length);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, sheetName.slice(0, 31) || '学员名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}
