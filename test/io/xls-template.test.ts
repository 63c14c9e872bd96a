// An official blank template saved as .xls (Excel 97–2003, written here by Apache POI HSSF with
// drop-downs inline, from a hidden 字典 sheet and through a defined name) gives the same profile as
// the same template saved as .xlsx (converted by LibreOffice: Debian's POI cannot write .xlsx).
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinProfile } from '../../src/lib/core/index';
import { profileFromTemplate } from '../../src/lib/io/template';
import { HEADER } from '../../scripts/synth.mjs';
import { libreoffice, poiRoster } from '../readers/readers';

describe('a blank .xls template', () => {
  let xls: Uint8Array;
  let xlsx: Uint8Array;
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'rc-xlt-'));
    const file = poiRoster(dir, 'template', [HEADER]);
    xls = new Uint8Array(readFileSync(file));
    const [twin] = libreoffice(file, 'xlsx:Calc MS Excel 2007 XML');
    xlsx = new Uint8Array(readFileSync(twin!));
  }, 300_000);

  it('gives the profile of its .xlsx twin, the lists from its drop-downs', () => {
    const base = builtinProfile('national');
    const fromXls = profileFromTemplate(xls, base, { fileName: 'x' });
    const fromXlsx = profileFromTemplate(xlsx, base, { fileName: 'x' });
    expect(fromXls.extension).toEqual(fromXlsx.extension);
    expect(fromXls.notes).toEqual(fromXlsx.notes);
    // The three lists were read: inline, a range on the hidden sheet, a defined name.
    const lists = Object.fromEntries(fromXls.columns.filter((c) => c.list && c.list.source !== 'builtin').map((c) => [c.label, c.list!.source]));
    expect(lists).toEqual({ 性别: 'inline', 职称: 'range', 学历: 'name' });
    const titles = Object.values(fromXls.extension.dictionaries ?? {}).find((d) => d?.values?.includes('副主任护师'));
    expect(titles?.values).toHaveLength(9);
  });
});
