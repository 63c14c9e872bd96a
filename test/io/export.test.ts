// The corrected file of a styled, hand-written template (scripts/make-template.mjs): the user's own
// workbook with only the three fixed cells changed. The written package is read back with yauzl
// and fast-xml-parser, readers that are neither ours nor SheetJS's.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import yauzl from 'yauzl';
import { builtinProfile, type Settings } from '../../src/lib/core/index';
import { checkFile, correctedFile } from '../../src/lib/io/pipeline';
import { readPackage } from '../../src/lib/io/package';
import { EngineService } from '../../src/lib/worker/service';
import type { Reply } from '../../src/lib/worker/protocol';
import { TEMPLATE_NUMBER_ID, TEMPLATE_SHEET, TEMPLATE_SLIPS, templateParts, templateXlsx } from '../../scripts/make-template.mjs';
import { HEADER, makeRows } from '../../scripts/synth.mjs';
import { zipFile } from '../../scripts/zip.mjs';

const settings: Settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
const national = builtinProfile('national');

/** Every entry of a zip, by name, read with yauzl (which checks the directory and each CRC). */
function unzip(bytes: Uint8Array): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const out = new Map<string, Buffer>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e || !stream) return reject(e);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            if (out.has(entry.fileName)) reject(new Error(`duplicate ${entry.fileName}`));
            out.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
          stream.on('error', reject);
        });
      });
      zip.on('end', () => resolve(out));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (_name: string, _path: string, _leaf: boolean, isAttribute: boolean) => !isAttribute, processEntities: true });
type Node = Record<string, unknown>;
const attr = (n: Node, a: string) => n[a] as string | undefined;
const kids = (n: Node, name: string) => ((n[name] as Node[] | undefined) ?? []);

/**
 * What Excel needs to open a package without repairing it: every XML part well-formed, every part
 * with a content type, every content-type override and every internal relationship pointing at a
 * part that is there.
 */
function validatePackage(parts: Map<string, Buffer>): void {
  for (const [name, data] of parts) {
    if (/\.(xml|rels|vml)$/i.test(name)) expect(XMLValidator.validate(data.toString('utf8')), name).toBe(true);
  }
  const types = parser.parse(parts.get('[Content_Types].xml')!.toString('utf8')) as Node;
  const root = kids(types, 'Types')[0]!;
  const defaults = new Set(kids(root, 'Default').map((d) => attr(d, 'Extension')!.toLowerCase()));
  const overrides = kids(root, 'Override').map((o) => attr(o, 'PartName')!.replace(/^\//, ''));
  for (const o of overrides) expect(parts.has(o), `override for a missing part ${o}`).toBe(true);
  for (const name of parts.keys()) {
    if (name === '[Content_Types].xml' || name.endsWith('/')) continue;
    const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
    expect(overrides.includes(name) || defaults.has(ext), `no content type for ${name}`).toBe(true);
  }
  for (const [name, data] of parts) {
    if (!name.endsWith('.rels')) continue;
    const base = name.replace(/_rels\/([^/]*)\.rels$/, '$1').split('/').slice(0, -1);
    const rels = kids(kids(parser.parse(data.toString('utf8')) as Node, 'Relationships')[0]!, 'Relationship');
    for (const rel of rels) {
      if (attr(rel, 'TargetMode') === 'External') continue;
      const target = attr(rel, 'Target')!;
      const path = target.startsWith('/') ? target.slice(1).split('/') : [...base, ...target.split('/')];
      const resolved: string[] = [];
      for (const seg of path) if (seg === '..') resolved.pop(); else if (seg !== '.') resolved.push(seg);
      expect(parts.has(resolved.join('/')), `${name}: ${target}`).toBe(true);
    }
  }
}

/** Each cell of sheet XML: its attributes and its content, by reference. */
function cells(xml: string): Map<string, { open: string; whole: string }> {
  const out = new Map<string, { open: string; whole: string }>();
  for (const m of xml.matchAll(/<c\b([^>]*?)(\/>|>[\s\S]*?<\/c>)/g)) {
    const ref = /\br="([A-Z]+\d+)"/.exec(m[1]!)![1]!;
    out.set(ref, { open: m[1]!, whole: m[0] });
  }
  return out;
}
const style = (open: string) => /\bs="(\d+)"/.exec(open)?.[1];
const withoutSheetData = (xml: string) => xml.replace(/<sheetData>[\s\S]*<\/sheetData>/, '<sheetData/>');

describe('the corrected file of a styled template', async () => {
  const source = templateXlsx();
  const checked = checkFile(source, national, settings);
  const out = correctedFile(source, checked);
  const before = await unzip(source);
  const after = await unzip(out.bytes);

  it('offers exactly the three slips, and changes exactly those three cells', () => {
    expect(checked.roster.fixes().map((f) => f.to).sort()).toEqual(TEMPLATE_SLIPS.map((s) => s.to).sort());
    expect(out.ext).toBe('xlsx');
    expect(out.changed).toBe(3);
    expect(out.applied).toHaveLength(3);
  });

  it('copies every part byte for byte, except the sheet and the calculation chain with its references', () => {
    const changed = [...before.keys()].filter((n) => after.has(n) && !after.get(n)!.equals(before.get(n)!));
    expect(changed.sort()).toEqual(['[Content_Types].xml', TEMPLATE_SHEET, 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml'].sort());
    expect([...before.keys()].filter((n) => !after.has(n))).toEqual(['xl/calcChain.xml']);
    expect([...after.keys()].filter((n) => !before.has(n))).toEqual([]);
    // What changed in those three: the calculation chain's entry, and a full recalculation on load.
    const text = (m: Map<string, Buffer>, n: string) => m.get(n)!.toString('utf8');
    expect(text(after, '[Content_Types].xml')).toBe(text(before, '[Content_Types].xml').replace(/<Override PartName="\/xl\/calcChain.xml"[^>]*\/>/, ''));
    expect(text(after, 'xl/_rels/workbook.xml.rels')).toBe(text(before, 'xl/_rels/workbook.xml.rels').replace(/<Relationship Id="rId5"[^>]*\/>/, ''));
    expect(text(after, 'xl/workbook.xml')).toBe(text(before, 'xl/workbook.xml').replace('<calcPr calcId="162913"/>', '<calcPr calcId="162913" fullCalcOnLoad="1"/>'));
  });

  it('keeps the sheet\'s views, columns, merges, validations, formatting and page setup as they were', () => {
    const a = before.get(TEMPLATE_SHEET)!.toString('utf8');
    const b = after.get(TEMPLATE_SHEET)!.toString('utf8');
    expect(withoutSheetData(b)).toBe(withoutSheetData(a));
    expect(b).toContain('state="frozen"');
  });

  it('keeps every cell and its style, and rewrites only the three slips as text', () => {
    const a = cells(before.get(TEMPLATE_SHEET)!.toString('utf8'));
    const b = cells(after.get(TEMPLATE_SHEET)!.toString('utf8'));
    expect([...b.keys()]).toEqual([...a.keys()]);
    const slips = new Map(TEMPLATE_SLIPS.map((s) => [s.ref, s.to]));
    for (const [ref, cell] of a) {
      const next = b.get(ref)!;
      expect(style(next.open), ref).toBe(style(cell.open));
      if (slips.has(ref)) expect(next.whole).toBe(`<c r="${ref}" s="${style(cell.open)}" t="inlineStr"><is><t xml:space="preserve">${slips.get(ref)}</t></is></c>`);
      else expect(next.whole, ref).toBe(cell.whole);
    }
  });

  it('writes a package that a reader other than ours or SheetJS\'s finds complete and well-formed', () => {
    validatePackage(after);
    validatePackage(before);
  });

  it('re-checks with no fix left, and the ID stored as a number stays that number, still an error', () => {
    const again = checkFile(out.bytes, national, settings);
    expect(again.roster.fixes()).toEqual([]);
    const sheet = after.get(TEMPLATE_SHEET)!.toString('utf8');
    expect(cells(sheet).get(TEMPLATE_NUMBER_ID.ref)!.whole).toBe(`<c r="${TEMPLATE_NUMBER_ID.ref}" s="5"><v>${TEMPLATE_NUMBER_ID.v}</v></c>`);
    expect(sheet).not.toMatch(/E\+17<\/t>/);
    const row = Number(TEMPLATE_NUMBER_ID.ref.slice(1));
    expect(again.roster.issues().some((i) => i.row === row && i.column === '证件号码' && i.severity === 'error')).toBe(true);
  });

  it('never writes a fix over a number that has lost digits: the fix is skipped, the cell stays', () => {
    const row = Number(TEMPLATE_NUMBER_ID.ref.slice(1));
    const shown = checked.workbook.sheets[0]!.rows[row - 1]![4]!;
    const forced = correctedFile(source, checked, [{ row, column: '证件号码', from: shown, to: '110101199003070011', reason: 'test' }]);
    expect(forced.changed).toBe(0);
    expect(forced.skipped).toHaveLength(1);
    expect(readPackage(forced.bytes).parts.get(TEMPLATE_SHEET)).toEqual(new Uint8Array(before.get(TEMPLATE_SHEET)!));
  });

  // CI installs LibreOffice (.ci/run), so this runs everywhere. The CSV filter is told UTF-8 (76):
  // its default is the system's 8-bit charset, which turns every Chinese character into "?". Each call
  // has its own profile directory, so parallel test files never share LibreOffice's lock.
  it('opens in LibreOffice', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-lo-'));
    writeFileSync(join(dir, 'out.xlsx'), out.bytes);
    execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, join(dir, 'out.xlsx')], { timeout: 120_000 });
    expect(readFileSync(join(dir, 'out.csv'), 'utf8')).toContain('副主任医师');
  }, 130_000);
});

describe('other kinds of input', () => {
  it('finds the cells past a DOCTYPE, comments and prefixed elements, and changes only them', async () => {
    const parts = templateParts().map((p) => {
      if (p.name !== TEMPLATE_SHEET) return p;
      const xml = new TextDecoder().decode(p.data)
        .replace('?>', '?><!-- <row r="5"><c r="I5"/></row> ]]> --><!DOCTYPE worksheet [<!ENTITY x "<sheetData>">]>')
        .replace(/<(\/?)(worksheet|sheetData|row|c|v|f|sheetPr|dimension)\b/g, '<$1x:$2')
        .replace('<x:worksheet xmlns="', '<x:worksheet xmlns:x="');
      return { name: p.name, data: new TextEncoder().encode(xml) };
    });
    const source = zipFile(parts);
    const checked = checkFile(source, national, settings);
    expect(checked.roster.fixes()).toHaveLength(3);
    const out = correctedFile(source, checked);
    expect(out.changed).toBe(3);
    const sheet = (await unzip(out.bytes)).get(TEMPLATE_SHEET)!.toString('utf8');
    expect(XMLValidator.validate(sheet)).toBe(true);
    expect(sheet).toContain('<x:c r="I5" s="3" t="inlineStr"><x:is><x:t xml:space="preserve">副主任医师</x:t></x:is></x:c>');
    expect(checkFile(out.bytes, national, settings).roster.fixes()).toEqual([]);
  });

  it('.xlsm in, .xlsm out, the macros kept byte for byte', async () => {
    const vba = new Uint8Array(4096).map((_, i) => (i * 7) & 255);
    const parts = templateParts().map((p) =>
      p.name === '[Content_Types].xml'
        ? { name: p.name, data: new TextEncoder().encode(new TextDecoder().decode(p.data).replace('spreadsheetml.sheet.main+xml', 'ms-excel.sheet.macroEnabled.main+xml').replace('<Default Extension="xml"', '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default Extension="xml"')) }
        : p,
    );
    parts.push({ name: 'xl/vbaProject.bin', data: vba });
    const source = zipFile(parts);
    const out = correctedFile(source, checkFile(source, national, settings));
    expect(out.ext).toBe('xlsm');
    const after = await unzip(out.bytes);
    expect(new Uint8Array(after.get('xl/vbaProject.bin')!)).toEqual(vba);
  });

  it('.xlsb in: .xlsx out with a note on what it cannot keep, and no fix left', () => {
    const rows = makeRows(60, 5);
    rows[3]![8] = '副主任医生';
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...rows]), '学员名单');
    const source = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsb' }) as ArrayBuffer);
    const out = correctedFile(source, checkFile(source, national, settings));
    expect(out).toMatchObject({ ext: 'xlsx', changed: 1 });
    expect(out.note).toMatch(/^原文件为 \.xlsb，.*无法保留单元格格式.*下拉列表.*另存为 \.xlsx/);
    expect(checkFile(out.bytes, national, settings).roster.fixes()).toEqual([]);
  });

  it('a CSV roster can be written as .xlsx, every ID a text cell', async () => {
    const rows = [HEADER, ...makeRows(20, 3)];
    const csv = new TextEncoder().encode(`\ufeff${rows.map((r) => r.join(',')).join('\r\n')}`);
    const out = correctedFile(csv, checkFile(csv, national, settings), undefined, { as: 'xlsx' });
    expect(out.ext).toBe('xlsx');
    const after = await unzip(out.bytes);
    validatePackage(after);
    const again = checkFile(out.bytes, national, settings);
    expect(again.workbook.sheets[0]!.rows.slice(1).map((r) => r[4])).toEqual(rows.slice(1).map((r) => r[4]));
    expect(again.workbook.sheets[0]!.numeric.size).toBe(0);
  });

  it('the worker exports from the package it kept, as .xlsx for a CSV when asked', async () => {
    const replies: Reply[] = [];
    const service = new EngineService((r) => replies.push(r));
    const source = templateXlsx();
    await service.handle({ id: 1, type: 'load', name: '名单.xlsx', bytes: source.slice().buffer, settings: { level: 'national', hostProvince: '北京市', practical: false }, edits: [] });
    await service.handle({ id: 2, type: 'export' });
    const file = replies.find((r) => r.id === 2 && r.type === 'file');
    expect(file).toMatchObject({ type: 'file', name: '名单-已校正.xlsx', changed: 3, kept: 0, note: '' });
    const rows = [HEADER, ...makeRows(5, 3)];
    const csv = new TextEncoder().encode(rows.map((r) => r.join(',')).join('\r\n'));
    await service.handle({ id: 3, type: 'load', name: '名单.csv', bytes: csv.buffer, settings: { level: 'national', hostProvince: '北京市', practical: false }, edits: [] });
    await service.handle({ id: 4, type: 'export', as: 'xlsx' });
    expect(replies.find((r) => r.id === 4 && r.type === 'file')).toMatchObject({ name: '名单-已校正.xlsx' });
  });
});
