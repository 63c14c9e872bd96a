// A shared-string table longer than the cell budget is refused by the package layer, before
// SheetJS spends seconds on strings no cell can use (the hostile corpus's shared-strings-4m.xlsx
// runs it through the command line and the page).
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { PACKAGE_BUDGET, PackageError, countElements, readPackage } from '../../src/lib/io/package';
import { unzip, zipFile } from '../../scripts/zip.mjs';

const enc = (s: string) => new TextEncoder().encode(s);

/** A small workbook whose shared-string table holds `n` more strings, under `name`. */
function withStrings(n: number, name = 'xl/sharedStrings.xml', prefix = '') {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['姓名'], ['张三']]), '学员名单');
  const entries = unzip(new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }))) as { name: string; data: Uint8Array }[];
  const p = prefix ? `${prefix}:` : '';
  const sst = enc(`<?xml version="1.0"?><${p}sst xmlns${prefix ? `:${prefix}` : ''}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${`<${p}si><${p}t>x</${p}t></${p}si>`.repeat(n)}</${p}sst>`);
  return zipFile([...entries.filter((e) => !/sharedStrings/.test(e.name)), { name, data: sst }]);
}

describe('shared strings', () => {
  const budget = { ...PACKAGE_BUDGET, maxCells: 1000 };
  it('refuses a table of more strings than the cell budget, whatever its name or prefix', () => {
    expect(() => readPackage(withStrings(1001), budget)).toThrow(new PackageError('too-many-cells'));
    expect(() => readPackage(withStrings(1001, 'xl/strings-elsewhere.xml', 'x'), budget)).toThrow(new PackageError('too-many-cells'));
  });

  it('reads a table within the budget', () => {
    expect(readPackage(withStrings(990), budget).names).toContain('xl/sharedStrings.xml');
  });

  it('counts elements by their local name only, in UTF-8 and UTF-16 parts', () => {
    expect(countElements(enc('<si/><x:si><sis><s><si\t><<si>'), 'si')).toBe(4);
    const text = '<sst><si><t>a</t></si><si/></sst>';
    const utf16 = new Uint8Array(2 + 2 * text.length);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) utf16[2 + 2 * i] = text.charCodeAt(i);
    expect(countElements(utf16, 'si')).toBe(2);
  });
});
