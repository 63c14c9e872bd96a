// Deriving a profile from an official blank template: its header and its drop-down lists.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, builtinProfile, type Profile } from '../../src/lib/core/index';
import { ReadError } from '../../src/lib/io/read';
import { MAX_TEMPLATE_CELLS, MAX_TEMPLATE_PART_BYTES, describeTemplate, deriveProfile, profileFromTemplate, type Parts } from '../../src/lib/io/template';
import { TEMPLATE_EDUCATION, TEMPLATE_TITLES, colLetter, templateParts } from '../../scripts/make-blank-template.mjs';

const root = new URL('../../', import.meta.url).pathname;
const national = builtinProfile('national');
const HEADER = ['序号', '姓名', '性别', '证件号码', '工作单位', '职称', '手机号码'];

type SheetSpec = { name: string; hidden?: boolean; rows: (string | null)[][]; validations?: { sqref: string; formula: string }[]; x14?: { sqref: string; formula: string }[] };
function parts(spec: { sheets: SheetSpec[]; names?: { name: string; ref: string; sheet?: number }[]; sheetXml?: Record<number, string | Uint8Array> }): Parts {
  return new Map(templateParts(spec).map((p) => [p.name, p.data]));
}
const listSizes = (p: Profile) => Object.fromEntries(p.columns.map((c) => [c.name, c.dictionary ? p.dictionaries[c.dictionary]?.values : undefined]));

function errorOf(fn: () => unknown): ReadError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ReadError) return e;
    throw e;
  }
  throw new Error('no ReadError');
}

describe('deriving a profile from the blank template', () => {
  const derived = profileFromTemplate(readFileSync(`${root}test/fixtures/template-blank.xlsx`), national, { fileName: '模板.xlsx' });

  it('reads lists written inline, as a range on a hidden sheet, as a defined name and in the x14 extension', () => {
    const list = Object.fromEntries(derived.columns.map((c) => [c.label, c.list]));
    expect(list).toMatchObject({
      性别: { size: 2, source: 'inline' },
      职称: { size: TEMPLATE_TITLES.length, source: 'range' },
      单位所在省份: { size: 35, source: 'name' },
      学历: { size: TEMPLATE_EDUCATION.length, source: 'range' },
      培训方式: { size: 2, source: 'inline' },
      所在学科: { size: 24, source: 'builtin' },
      姓名: null,
    });
    expect(derived.profile.dictionaries['title']?.values).toEqual(TEMPLATE_TITLES);
    expect(derived.profile.dictionaries['education']?.values).toEqual(TEMPLATE_EDUCATION);
  });

  it('takes the header with its notes stripped, keeps the kinds of built-in columns and adds the template\'s own', () => {
    expect(derived.profile.template?.columns).toEqual(['序号', '姓名', '性别', '证件类型', '证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '手机号码', '培训方式']);
    expect(derived.profile.columns.map((c) => [c.name, c.kind, c.required])).toContainEqual(['证件号码', 'idNumber', true]);
    expect(derived.profile.columns.at(-1)).toMatchObject({ name: '培训方式', kind: 'dictionary', required: true });
    expect(derived.added).toEqual(['培训方式']);
    expect(derived.dropped).toEqual(['电子邮箱']);
  });

  it('says in Chinese what the template adds and drops', () => {
    const text = describeTemplate(derived).join('\n');
    expect(text).toContain('模板新增的列：培训方式');
    expect(text).toContain('模板中没有、不再检查的列：电子邮箱');
    expect(text).toMatch(/“职称”的下拉列表与内置字典不同：新增 其他卫生技术人员；去掉 医士/);
    expect(text).toContain('“学历”的下拉列表与内置字典不同：新增 博士后');
  });

  it('gives a profile file that loads back to the same profile', async () => {
    const { profileFromJson } = await import('../../src/lib/core/index');
    expect(profileFromJson(JSON.stringify(derived.extension))).toEqual(derived.profile);
  });
});

describe('lists in crafted templates', () => {
  const roster: SheetSpec = { name: '名单', rows: [HEADER] };

  it('follows a quoted sheet name with an apostrophe, a sheet-scoped defined name and a whole-column range', () => {
    const p = parts({
      sheets: [
        { ...roster, validations: [{ sqref: 'C2:C100', formula: "'Ann''s 字典'!$A$1:$A$4" }, { sqref: 'F2:F100 F200', formula: '职称表' }, { sqref: 'E2:E9', formula: '单位!A:A' }] },
        { name: "Ann's 字典", hidden: true, rows: [['男'], ['女'], [null], ['未知']] },
        { name: '单位', rows: [['甲医院'], ['乙医院']] },
        { name: '职称', rows: [['主治医师'], ['护士']] },
      ],
      names: [{ name: '职称表', ref: '单位!$A$1', sheet: 2 }, { name: '职称表', ref: '职称!$A$1:$A$2', sheet: 0 }],
    });
    const d = deriveProfile(p, national);
    expect(listSizes(d.profile)).toMatchObject({ 性别: ['男', '女', '未知'], 职称: ['主治医师', '护士'] });
    // 工作单位 is checked as a unit name: its list is noted, not used.
    expect(d.notes).toEqual(['“工作单位”列在模板中有下拉列表，但仍按工作单位的格式检查']);
  });

  it('notes a list made by a formula and keeps the built-in dictionary for that column', () => {
    const d = deriveProfile(parts({ sheets: [{ ...roster, validations: [{ sqref: 'F2:F100', formula: 'INDIRECT("字典!A1:A9")' }] }] }), national);
    expect(d.notes).toEqual(['“职称”列的下拉列表未能读取：下拉列表由公式生成（如 INDIRECT、OFFSET），无法读取']);
    expect(d.profile.dictionaries['title']).toEqual(national.dictionaries['title']);
  });

  it('ignores a list that covers only the header row', () => {
    const d = deriveProfile(parts({ sheets: [{ ...roster, validations: [{ sqref: 'F1', formula: '"甲,乙"' }] }] }), national);
    expect(d.profile.dictionaries['title']).toEqual(national.dictionaries['title']);
  });

  it('gives a column named "__proto__" a dictionary of its own without touching any prototype', () => {
    const d = deriveProfile(parts({ sheets: [{ name: '名单', rows: [[...HEADER, '__proto__']], x14: [{ sqref: 'H2:H9', formula: '"a,b"' }] }] }), national);
    const col = d.profile.columns.find((c) => c.name === '__proto__');
    expect(col).toMatchObject({ kind: 'dictionary' });
    expect(col?.dictionary).not.toBe('__proto__');
    expect(d.profile.dictionaries[col?.dictionary as string]?.values).toEqual(['a', 'b']);
    expect(({} as Record<string, unknown>)['values']).toBeUndefined();
  });

  it('refuses a workbook without a roster header in one Chinese sentence', () => {
    const e = errorOf(() => deriveProfile(parts({ sheets: [{ name: 'Sheet1', rows: [['会议日程']] }] }), national));
    expect(e.message).toMatch(/^模板中未找到学员通讯录的表头/);
  });

  it('does not expand entities a DOCTYPE declares', () => {
    const bomb = `<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>`;
    expect(errorOf(() => deriveProfile(parts({ sheets: [roster], sheetXml: { 0: bomb } }), national)).kind).toBe('corrupt');
  });

  it('refuses an XML part over the budget before parsing it', () => {
    const big = new Uint8Array(MAX_TEMPLATE_PART_BYTES + 1).fill(0x20);
    expect(errorOf(() => deriveProfile(parts({ sheets: [roster], sheetXml: { 0: big } }), national)).kind).toBe('too-large');
  });

  it('refuses a sheet with more cells than a blank template could hold', () => {
    const cells = Array.from({ length: MAX_TEMPLATE_CELLS + 1 }, (_, i) => `<c r="A${i + 1}"><v>1</v></c>`).join('');
    const xml = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>${cells}</row></sheetData></worksheet>`;
    const e = errorOf(() => deriveProfile(parts({ sheets: [roster, { name: 'x', rows: [] }], sheetXml: { 1: xml } }), national));
    expect(e.message).toContain('模板中的单元格过多');
  });

  it('settles each column once, however many validations cover the whole sheet', () => {
    const everywhere = Array.from({ length: 3000 }, () => ({ sqref: 'A1:XFD1048576 A:A', formula: 'INDIRECT("x")' }));
    const d = deriveProfile(parts({ sheets: [{ ...roster, validations: everywhere }] }), national);
    expect(d.notes).toHaveLength(HEADER.length);
    expect(d.notes[0]).toBe('“序号”列的下拉列表未能读取：下拉列表由公式生成（如 INDIRECT、OFFSET），无法读取');
  });

  it('refuses lists that together would read more cells than a blank template holds', () => {
    const cells = Array.from({ length: 150_000 }, (_, i) => `<c r="A${i + 1}" t="inlineStr"><is><t>v${i}</t></is></c>`).join('');
    const dict = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row>${cells}</row></sheetData></worksheet>`;
    const wide = [...HEADER, ...Array.from({ length: 19 }, (_, i) => `字段${i}`)];
    // 26 columns, each with a list of its own over the 150,000 cells.
    const validations = wide.map((_, c) => ({ sqref: `${colLetter(c)}2:${colLetter(c)}9`, formula: `字典!$A$1:$A$${150_000 - c}` }));
    const e = errorOf(() => deriveProfile(parts({ sheets: [{ name: '名单', rows: [wide], validations }, { name: '字典', rows: [] }], sheetXml: { 1: dict } }), national));
    expect(e.message).toContain('下拉列表过多或过长');
  });

  it('refuses a file that is not an .xlsx', () => {
    expect(errorOf(() => profileFromTemplate(new TextEncoder().encode('序号,姓名\n1,张三\n'), national)).kind).toBe('not-spreadsheet');
  });
});

describe('a roster checked with the derived profile', () => {
  it('flags values outside the template\'s list and accepts values only the template allows', () => {
    const d = deriveProfile(parts({ sheets: [{ ...roster(), validations: [{ sqref: 'F2:F100', formula: '"主治医师,见习医师"' }] }] }), national);
    const rows = [HEADER, ['1', '张三', '男', '110101199003070011', '北京协和医院', '见习医师', '13812345678'], ['2', '李四', '男', '110101199003070011', '北京协和医院', '主任医师', '13812345678']];
    const { roster: r } = analyze({ format: 'xlsx', sheets: [{ name: 's', rows, numeric: new Set() }] }, d.profile, { hostProvince: '北京市', practical: false, today: '2026-11-22' });
    expect(r.issues().filter((i) => i.column === '职称')).toEqual([expect.objectContaining({ rule: 'dictionary', row: 3, value: '主任医师' })]);
  });
  function roster(): SheetSpec {
    return { name: '名单', rows: [HEADER] };
  }
});
