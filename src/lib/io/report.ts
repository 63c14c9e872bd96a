// The report workbook: a summary sheet and an issues sheet, every cell as text or a plain count.
import * as XLSX from 'xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { changeRows, issueRows, summaryRows, type ReportInput } from '../core/report';
import { signinRows } from '../core/attendance/report';
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
  const sheets = [{ name: '汇总', landscape: false }, { name: '问题清单', landscape: true }];
  if (input.changes) {
    const changes = XLSX.utils.aoa_to_sheet(changeRows(input.changes, input.mask).map((row) => row.map((v) => (typeof v === 'string' ? shortText(v, VALUE_MAX) : v))));
    changes['!cols'] = [{ wch: 8 }, { wch: 10 }, { wch: 14 }, { wch: 24 }, { wch: 24 }, { wch: 10 }, { wch: 40 }];
    XLSX.utils.book_append_sheet(wb, changes, '修改记录');
    sheets.push({ name: '修改记录', landscape: true });
  }
  if (input.signin) {
    const signin = XLSX.utils.aoa_to_sheet(signinRows(input.signin, input.fileName, input.mask).map((row) => row.map((v, c) => (typeof v !== 'string' ? v : c === 5 ? shortMessage(v) : shortText(v, VALUE_MAX)))));
    signin['!cols'] = [{ wch: 8 }, { wch: 18 }, { wch: 12 }, { wch: 30 }, { wch: 12 }, { wch: 60 }];
    XLSX.utils.book_append_sheet(wb, signin, '签到核对');
    sheets.push({ name: '签到核对', landscape: true });
  }
  // Each list repeats its heading row on every printed page.
  wb.Workbook = { Names: sheets.slice(1).map((sh, i) => ({ Name: '_xlnm.Print_Titles', Sheet: i + 1, Ref: `'${sh.name}'!$1:$1` })) };
  const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer);
  return withPageSetup(bytes, input.fileName, sheets);
}

/** Text for a header or footer: & doubled (it starts a code there), XML-escaped, kept short. */
function headerText(s: string): string {
  return xmlText([...s].slice(0, 60).join('').replace(/&/g, '&&'));
}
function xmlText(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters cannot be written in XML 1.0
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A report fit for filing: A4, one page wide (as many pages long as needed), the 汇总 upright and
 * the lists across, the file name in the header and 第 N 页，共 M 页 in the footer. SheetJS writes
 * no page setup, so each sheet's XML gets it here, in the order the schema requires (sheetPr
 * first; printOptions, pageMargins, pageSetup, headerFooter after the cells and merges).
 */
function withPageSetup(bytes: Uint8Array, fileName: string, sheets: { name: string; landscape: boolean }[]): Uint8Array {
  const parts = unzipSync(bytes);
  const header = `&amp;L学员通讯录校验报告&amp;R${headerText(fileName)}`;
  const footer = '&amp;L&amp;A&amp;C第 &amp;P 页，共 &amp;N 页';
  sheets.forEach((sh, i) => {
    const path = `xl/worksheets/sheet${i + 1}.xml`;
    const part = parts[path];
    if (!part) return;
    let xml = strFromU8(part);
    const fit = '<pageSetUpPr fitToPage="1"/>';
    if (/<sheetPr\b[^>]*\/>/.test(xml)) xml = xml.replace(/<sheetPr\b([^>]*)\/>/, `<sheetPr$1>${fit}</sheetPr>`);
    else if (/<sheetPr\b[^>]*>/.test(xml)) xml = xml.replace(/<sheetPr\b([^>]*)>/, `<sheetPr$1>${fit}`);
    else xml = xml.replace(/(<worksheet\b[^>]*>)/, `$1<sheetPr>${fit}</sheetPr>`);
    xml = xml.replace(/<pageMargins\b[^>]*\/>/, '').replace(/<pageSetup\b[^>]*\/>/, '').replace(/<headerFooter\b[\s\S]*?<\/headerFooter>/, '');
    const setup =
      '<printOptions horizontalCentered="1"/>' +
      '<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
      `<pageSetup paperSize="9" orientation="${sh.landscape ? 'landscape' : 'portrait'}" fitToWidth="1" fitToHeight="0"/>` +
      `<headerFooter><oddHeader>${header}</oddHeader><oddFooter>${footer}</oddFooter></headerFooter>`;
    // After the cells and any merges; before whatever the schema puts later (drawings, parts).
    const after = xml.lastIndexOf('</mergeCells>') >= 0 ? xml.lastIndexOf('</mergeCells>') + '</mergeCells>'.length : xml.indexOf('</sheetData>') + '</sheetData>'.length;
    xml = xml.slice(0, after) + setup + xml.slice(after);
    parts[path] = strToU8(xml);
  });
  return zipSync(parts, { level: 6 });
}

/** SHA-256 of the file, in hex (Web Crypto: the same in the browser, the worker and node). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}
