// The report workbook: a summary sheet and an issues sheet, every cell as text or a plain count.
import * as XLSX from 'xlsx';
import { issueRows, summaryRows, type ReportInput } from '../core/report';
import { VALUE_MAX, shortMessage, shortText } from './quote';
import { unexpectedError } from './corrected';

/** Longest text in a summary cell (file and sheet names, settings): far below Excel's 32,767. */
const SUMMARY_MAX = 1000;

/**
 * The issue rows with long values cut to a short prefix (a cell may hold 32,767 characters, and a
 * message quoting it whole would be longer than a report cell may be).
 */
function shortIssueRows(rows: (string | number)[][]): (string | number)[][] {
  return rows.map((row) => row.map((v, c) => (typeof v !== 'string' ? v : c === 3 ? shortMessage(v) : shortText(v, VALUE_MAX))));
}

/** The report workbook. Throws ReadError (one Chinese sentence) if it cannot be written. */
export function writeReport(input: ReportInput): Uint8Array {
  try {
    return reportWorkbook(input);
  } catch (e) {
    throw unexpectedError('写出校验报告', e);
  }
}

function reportWorkbook(input: ReportInput): Uint8Array {
  const wb = XLSX.utils.book_new();
  const summary = XLSX.utils.aoa_to_sheet(summaryRows(input).map((row) => row.map((v) => (typeof v === 'string' ? shortText(v, SUMMARY_MAX) : v))));
  summary['!cols'] = [{ wch: 30 }, { wch: 70 }];
  XLSX.utils.book_append_sheet(wb, summary, '汇总');
  const issues = XLSX.utils.aoa_to_sheet(shortIssueRows(issueRows(input)));
  issues['!cols'] = [{ wch: 6 }, { wch: 12 }, { wch: 24 }, { wch: 60 }, { wch: 24 }, { wch: 6 }, { wch: 16 }];
  XLSX.utils.book_append_sheet(wb, issues, '问题清单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
}

/** SHA-256 of the file, in hex (Web Crypto: the same in the browser, the worker and node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
