import { describe, expect, it } from 'vitest';
import { builtinProfile } from '../../src/lib/core/index';
import { columnLetter, columnSamples, letterIndex, proposeColumns, type ColumnMatch } from '../../src/lib/core/columns';
import { GOOD, HEADER } from './helpers';

const profile = builtinProfile('national');

/** A roster as clerks make them: the given header, and rows of GOOD values placed by `fill` (header → template column). */
function sheet(header: string[], fill: (string | null)[], n = 20): string[][] {
  const rows = [header];
  for (let i = 0; i < n; i++) {
    rows.push(fill.map((col) => {
      if (col === null) return '';
      if (col === '科室') return ['内科', '外科', '儿科'][i % 3] as string;
      if (col === '手机号码') return `138${String(10000000 + i * 7919).slice(0, 8)}`;
      return GOOD[col] ?? '';
    }).map((v, c) => (header[c] === '' && fill[c] === null ? '' : v)));
  }
  return rows;
}

function propose(rows: string[][]): Map<string, ColumnMatch> {
  const header = rows[0] as string[];
  const out = proposeColumns(header, profile, columnSamples(rows, 1, header.length));
  return new Map(out.map((m) => [m.column, m]));
}

describe('column proposals', () => {
  it('matches the template header exactly, column for column', () => {
    const m = propose(sheet(HEADER, HEADER));
    HEADER.forEach((h, i) => expect(m.get(h)).toMatchObject({ index: i, by: 'header' }));
  });

  it('finds 手机号码 under 联系方式 by its mobiles, and 证件号码 under 身份证号码/护照号 by its header', () => {
    const header = HEADER.map((h) => (h === '手机号码' ? '联系方式' : h === '证件号码' ? '身份证号码/护照号' : h));
    const m = propose(sheet(header, HEADER));
    expect(m.get('手机号码')).toMatchObject({ index: HEADER.indexOf('手机号码'), by: 'content' });
    expect(m.get('证件号码')).toMatchObject({ index: HEADER.indexOf('证件号码'), by: 'alias' });
  });

  it('finds 证件号码 by valid IDs under a header that says nothing', () => {
    const header = HEADER.map((h) => (h === '证件号码' ? '个人信息' : h));
    expect(propose(sheet(header, HEADER)).get('证件号码')).toMatchObject({ index: 4, by: 'content' });
  });

  it('leaves an extra 科室 column and a blank column unmatched, and matches the rest past them', () => {
    const header = [...HEADER.slice(0, 6), '科室', '', ...HEADER.slice(6)];
    const fill = [...HEADER.slice(0, 6), '科室', null, ...HEADER.slice(6)];
    const m = propose(sheet(header, fill));
    const used = [...m.values()].map((x) => x.index);
    expect(used).not.toContain(7);
    expect(m.get('单位所在省份')).toMatchObject({ index: 8, by: 'header' });
    expect(m.get('手机号码')).toMatchObject({ index: 13, by: 'header' });
  });

  it('proposes nothing for a template column the sheet lacks', () => {
    const header = HEADER.filter((h) => h !== '电子邮箱');
    expect(propose(sheet(header, header)).get('电子邮箱')).toMatchObject({ index: null, by: null });
  });

  it('keeps the user\'s choice over any header', () => {
    const header = HEADER.map((h) => (h === '手机号码' ? '联系方式' : h));
    const rows = sheet(header, HEADER);
    const out = proposeColumns(header, profile, columnSamples(rows, 1, header.length), { 11: '手机号码', 12: '姓名' });
    expect(out.find((x) => x.column === '手机号码')).toMatchObject({ index: 11, by: 'user' });
    expect(out.find((x) => x.column === '姓名')).toMatchObject({ index: 12, by: 'user' });
    expect(out.find((x) => x.column === '电子邮箱')?.index).not.toBe(12);
  });

  it('matches a header with a note or a prefix by its text', () => {
    const header = HEADER.map((h) => (h === '工作单位' ? '工作单位（全称）' : h === '职称' ? '学员职称' : h));
    const m = propose(sheet(header, HEADER));
    expect(m.get('工作单位')).toMatchObject({ index: 5 });
    expect(m.get('职称')).toMatchObject({ index: 8, by: 'header' });
  });
});

describe('column letters', () => {
  it('go both ways', () => {
    expect(columnLetter(0)).toBe('A');
    expect(columnLetter(4)).toBe('E');
    expect(columnLetter(26)).toBe('AA');
    expect(letterIndex('e')).toBe(4);
    expect(letterIndex('AA')).toBe(26);
    expect(letterIndex('5')).toBeNull();
  });
});
