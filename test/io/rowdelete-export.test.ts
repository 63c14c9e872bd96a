// The corrected .xlsx after rows are deleted: the rows leave the user's own workbook, every range
// below them moves up (dimension, cells, merges, validations, conditional formats, hyperlinks,
// the autofilter, defined names, Excel 2010's x14 validations), styles stay, and the file
// re-checked says what the page said. Read back with yauzl, fast-xml-parser and SheetJS.
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { readPackage } from '../../src/lib/io/package';
import { FORMULA_NOTE, RowShift, shiftRef } from '../../src/lib/io/patch';
import { TEMPLATE_SHEET, templateParts, templateXlsx } from '../../scripts/make-template.mjs';
import { zipFile } from '../../scripts/zip.mjs';

const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');
const LAST = 62; // the template's last data row
const text = (bytes: Uint8Array, part: string) => new TextDecoder().decode(readPackage(bytes).parts.get(part));

/** The roster sheet as SheetJS reads it: every row's display text, blank rows kept. */
function sheetRows(bytes: Uint8Array): string[][] {
  const wb = XLSX.read(bytes, { type: 'array' });
  return XLSX.utils.sheet_to_json<string[]>(wb.Sheets['学员名单'] as XLSX.WorkSheet, { header: 1, raw: false, blankrows: true, defval: '' });
}

/** Each cell's style by its reference. */
const styles = (xml: string) => new Map([...xml.matchAll(/<c r="([A-Z]+)(\d+)"(?: s="(\d+)")?/g)].map((m) => [`${m[1]}${m[2]}`, m[3]]));

function exportWithout(source: Uint8Array, excelRows: number[]) {
  const checked = checkFile(source, national, settings);
  for (const r of excelRows) checked.roster.deleteRow(r - 1);
  const out = correctedFile(source, checked, checked.roster.acceptedFixList());
  return { checked, out };
}

describe('references after deleted rows', () => {
  const shift = new RowShift([6, 11]);
  it('move up by the rows deleted above them; a range over a deleted row shrinks; a range of deleted rows goes', () => {
    expect(shiftRef('B5', shift)).toBe('B5');
    expect(shiftRef('B7', shift)).toBe('B6');
    expect(shiftRef('$B$12', shift)).toBe('$B$10');
    expect(shiftRef('A3:M62', shift)).toBe('A3:M60');
    expect(shiftRef('A6:M6', shift)).toBeNull();
    expect(shiftRef('A6:B7', shift, false)).toBe('A6:B6');
    expect(shiftRef('A6:A7', shift, false)).toBeNull(); // a merge left with one cell
    expect(shiftRef('A6:A7', shift)).toBe('A6');
    expect(shiftRef('$1:$2', shift)).toBe('$1:$2');
    expect(shiftRef('$5:$12', shift)).toBe('$5:$10');
    expect(shiftRef('C:C', shift)).toBe('C:C');
    expect(shiftRef('C3:C1048576', shift)).toBe('C3:C1048576');
  });
});

describe('the corrected file of the styled template without two rows', async () => {
  const source = templateXlsx();
  const { checked, out } = exportWithout(source, [6, 21]);
  const before = sheetRows(source);
  const after = sheetRows(out.bytes);
  const a = text(source, TEMPLATE_SHEET);
  const b = text(out.bytes, TEMPLATE_SHEET);

  it('has every row but the deleted ones, in order, with the three fixes', () => {
    expect(after).toHaveLength(before.length - 2);
    const expected = before.filter((_, i) => i !== 5 && i !== 20);
    // The fixed cells (I5, G8 → G7, D10 → D9) differ; nothing else does.
    const differ: string[] = [];
    expected.forEach((row, r) => row.forEach((v, c) => { if ((after[r]?.[c] ?? '') !== v) differ.push(`${String.fromCharCode(65 + c)}${r + 1}`); }));
    expect(differ.filter((ref) => !ref.startsWith('A'))).toEqual(['I5', 'G7', 'D9']);
    expect(out.changed).toBe(3);
  });

  it('keeps every cell\'s style, moved with its row', () => {
    const sa = styles(a);
    const sb = styles(b);
    expect(sb.size).toBe(sa.size - 26);
    for (const [ref, s] of sb) {
      const row = Number(/\d+/.exec(ref)![0]);
      const from = row >= 20 ? row + 2 : row >= 6 ? row + 1 : row;
      expect(s, ref).toBe(sa.get(ref.replace(/\d+/, String(from))));
    }
  });

  it('moves the dimension, autofilter, conditional format, validations and defined names; the title merge stays', () => {
    expect(b).toContain(`<dimension ref="A1:M${LAST - 2}"/>`);
    expect(b).toContain(`<autoFilter ref="A2:M${LAST - 2}"/>`);
    expect(b).toContain('<mergeCells count="1"><mergeCell ref="A1:M1"/></mergeCells>');
    expect(b).toContain('<conditionalFormatting sqref="E3:E998">');
    for (const c of 'CDHI') expect(b).toContain(`sqref="${c}3:${c}998"`);
    const wb = text(out.bytes, 'xl/workbook.xml');
    expect(wb).toContain(`学员名单!$A$2:$M$${LAST - 2}</definedName>`);
    expect(wb).toContain('学员名单!$1:$2</definedName>');
    expect(wb).toContain('字典!$A$1:$A$9</definedName>');
    // Outside the sheet data and the moved ranges, the sheet is what it was.
    const outside = (x: string) => x.replace(/<sheetData>[\s\S]*<\/sheetData>/, '').replace(/(ref|sqref)="[^"]*"/g, '');
    expect(outside(b)).toBe(outside(a));
    expect(XMLValidator.validate(b)).toBe(true);
    expect(XMLValidator.validate(wb)).toBe(true);
  });

  it('says that formulas were not moved (the 序号 column is =ROW()-2)', () => {
    expect(out.note).toBe(FORMULA_NOTE);
  });

  it('re-checks to the verdict the page showed', () => {
    const again = checkFile(out.bytes, national, settings);
    const shown = checked.roster.summary();
    expect(again.roster.summary().errors).toBe(shown.afterFixes.errors);
    expect(again.roster.summary().warnings).toBe(shown.afterFixes.warnings);
    expect(again.roster.summary().attendees).toBe(shown.attendees);
    expect(again.roster.summary().rows).toBe(shown.rows);
  });
});

describe('merges, hyperlinks, x14 validations and names over deleted rows', async () => {
  const parts = templateParts().map((p) => {
    const xml = new TextDecoder().decode(p.data);
    if (p.name === TEMPLATE_SHEET) {
      const next = xml
        .replace('<mergeCells count="1"><mergeCell ref="A1:M1"/></mergeCells>', '<mergeCells count="4"><mergeCell ref="A1:M1"/><mergeCell ref="N5:N6"/><mergeCell ref="N10:O12"/><mergeCell ref="N30:O30"/></mergeCells>')
        .replace('<printOptions', '<hyperlinks><hyperlink ref="F11" location="A1" display="x"/><hyperlink ref="F20" location="A1"/></hyperlinks><printOptions')
        .replace('</worksheet>', '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="2" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>字典!$A$1:$A$9</xm:f></x14:formula1><xm:sqref>J3:J1000</xm:sqref></x14:dataValidation><x14:dataValidation type="list"><x14:formula1><xm:f>字典!$A$1:$A$9</xm:f></x14:formula1><xm:sqref>K11</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst></worksheet>');
      expect(next).not.toBe(xml);
      return { name: p.name, data: new TextEncoder().encode(next) };
    }
    if (p.name === 'xl/comments1.xml') {
      return { name: p.name, data: new TextEncoder().encode(xml.replace('</commentList>', '<comment ref="F20" authorId="0"><text><t>二十</t></text></comment><comment ref="F11" authorId="0"><text><t>十一</t></text></comment></commentList>')) };
    }
    if (p.name === 'xl/drawings/vmlDrawing1.vml') {
      const shape = (row: number) => `<v:shape id="_x0000_s10${row}" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Anchor>6, 15, ${row - 1}, 10, 8, 15, ${row + 3}, 4</x:Anchor><x:Row>${row}</x:Row><x:Column>5</x:Column></x:ClientData></v:shape>`;
      return { name: p.name, data: new TextEncoder().encode(xml.replace('</xml>', `${shape(19)}${shape(10)}</xml>`)) };
    }
    if (p.name === 'xl/worksheets/_rels/sheet1.xml.rels') {
      return { name: p.name, data: new TextEncoder().encode(xml.replace('</Relationships>', '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/table" Target="../tables/table1.xml"/></Relationships>')) };
    }
    if (p.name === 'xl/workbook.xml') {
      return { name: p.name, data: new TextEncoder().encode(xml.replace('</definedNames>', `<definedName name="名单">学员名单!$B$3:$B$${LAST}</definedName><definedName name="一人">'学员名单'!$F$11</definedName></definedNames>`)) };
    }
    return p;
  });
  parts.push({ name: 'xl/tables/table1.xml', data: new TextEncoder().encode(`<table xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" id="1" name="名单表" ref="P2:Q${LAST}"><autoFilter ref="P2:Q${LAST}"/><tableColumns count="2"><tableColumn id="1" name="甲"/><tableColumn id="2" name="乙"/></tableColumns></table>`) });
  const source = zipFile(parts);
  const { out } = exportWithout(source, [6, 11]);
  const b = text(out.bytes, TEMPLATE_SHEET);

  it('shrinks or drops merges, drops what only named deleted rows, and moves the rest', () => {
    expect(b).toContain('<mergeCells count="3"><mergeCell ref="A1:M1"/><mergeCell ref="N9:O10"/><mergeCell ref="N28:O28"/></mergeCells>');
    expect(b).toContain('<hyperlinks><hyperlink ref="F18" location="A1"/></hyperlinks>');
    expect(b).toContain('<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>字典!$A$1:$A$9</xm:f></x14:formula1><xm:sqref>J3:J998</xm:sqref></x14:dataValidation></x14:dataValidations>');
    const wb = text(out.bytes, 'xl/workbook.xml');
    expect(wb).toContain(`<definedName name="名单">学员名单!$B$3:$B$${LAST - 2}</definedName>`);
    expect(wb).toContain(`<definedName name="一人">'学员名单'!#REF!</definedName>`);
    expect(XMLValidator.validate(b)).toBe(true);
    expect(text(out.bytes, 'xl/tables/table1.xml')).toContain(`ref="P2:Q${LAST - 2}"><autoFilter ref="P2:Q${LAST - 2}"/>`);
    // Comments: the one on a deleted row goes, with its note box; the other moves up with its box.
    const comments = text(out.bytes, 'xl/comments1.xml');
    expect([...comments.matchAll(/<comment ref="([A-Z]+\d+)"/g)].map((m) => m[1])).toEqual(['E2', 'F18']);
    const vml = text(out.bytes, 'xl/drawings/vmlDrawing1.vml');
    expect([...vml.matchAll(/<x:Row>(\d+)<\/x:Row>/g)].map((m) => m[1])).toEqual(['1', '17']);
    expect(vml).toContain('<x:Anchor>6, 15, 16, 10, 8, 15, 20, 4</x:Anchor>');
    const ws = XLSX.read(out.bytes, { type: 'array' }).Sheets['学员名单'] as XLSX.WorkSheet;
    expect((ws['!merges'] ?? []).map((m) => XLSX.utils.encode_range(m))).toEqual(['A1:M1', 'N9:O10', 'N28:O28']);
  });
});

describe('an .xls without a deleted row', () => {
  it('stays .xls: leaves the row out and moves the merges below it up', () => {
    const aoa = sheetRows(templateXlsx());
    const ws = XLSX.utils.aoa_to_sheet(aoa);
    ws['!merges'] = [XLSX.utils.decode_range('A1:M1'), XLSX.utils.decode_range('L10:M12'), XLSX.utils.decode_range('L5:L6')];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, '学员名单');
    const source = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'biff8' }) as ArrayBuffer);
    const { checked, out } = exportWithout(source, [6, 11]);
    expect(out.ext).toBe('xls');
    const after = sheetRows(out.bytes);
    expect(after).toHaveLength(aoa.length - 2);
    expect(after[5]?.[1]).toBe(aoa[6]?.[1]);
    expect(after[9]?.[1]).toBe(aoa[11]?.[1]);
    const merges = (XLSX.read(out.bytes, { type: 'array' }).Sheets['学员名单'] as XLSX.WorkSheet)['!merges'] ?? [];
    expect(merges.map((m) => XLSX.utils.encode_range(m))).toEqual(['A1:M1', 'L9:M10']);
    expect(checkFile(out.bytes, national, settings).roster.summary().rows).toBe(checked.roster.summary().rows);
  });
});

describe('a sheet without formulas (rows rewritten byte by byte)', async () => {
  const parts = templateParts().map((p) => (p.name === TEMPLATE_SHEET ? { name: p.name, data: new TextEncoder().encode(new TextDecoder().decode(p.data).replace(/<f>ROW\(\)-2<\/f>/g, '').replace(/<c r="([A-Z]+)(\d+)" s="(\d)"/g, '<c s="$3"  r = \'$1$2\'')) } : p));
  const source = zipFile(parts);
  const { checked, out } = exportWithout(source, [3, 40]);
  const b = text(out.bytes, TEMPLATE_SHEET);

  it('moves every row and cell reference, keeps styles and says nothing about formulas', () => {
    expect(out.note).toBe('');
    const before = sheetRows(source);
    const after = sheetRows(out.bytes);
    expect(after).toHaveLength(before.length - 2);
    expect(after[2]?.[1]).toBe(before[3]?.[1]);
    expect(after[37]?.[1]).toBe(before[38]?.[1]);
    expect(after[38]?.[1]).toBe(before[40]?.[1]);
    expect(b).toContain(`<row r="${LAST - 2}" spans="1:13"><c s="3"  r = 'A${LAST - 2}'`);
    expect(b).not.toContain(`<row r="${LAST - 1}"`);
    expect(XMLValidator.validate(b)).toBe(true);
    const again = checkFile(out.bytes, national, settings);
    expect(again.roster.summary().errors).toBe(checked.roster.summary().afterFixes.errors);
  });
});
