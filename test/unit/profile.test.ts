import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, builtinProfile, profileFromJson, ProfileError, type Profile } from '../../src/lib/core/index';
import { GOOD, HEADER, TODAY, workbook } from './helpers';

const root = new URL('../../', import.meta.url).pathname;

function issuesWith(profile: Profile, header: string[], rows: string[][]) {
  const { roster } = analyze(workbook([header, ...rows]), profile, { hostProvince: '北京市', practical: false, today: TODAY });
  return roster.issues().filter((i) => i.row !== null);
}

describe('profile files', () => {
  it('still loads the built-in municipal profile file and the example in docs/command-line.md', () => {
    expect(profileFromJson(readFileSync(`${root}src/lib/core/profiles/beijing.json`, 'utf8'))).toMatchObject({ id: 'beijing', shareRule: { enabled: false } });
    const readme = readFileSync(`${root}docs/command-line.md`, 'utf8');
    const example = /`(\{"extends": "national", "dictionaries".*?)`/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const p = profileFromJson(example as string);
    expect(p.dictionaries['title']?.values).toContain('主任中医师');
    expect(p.columns.find((c) => c.name === '姓名')?.aliases).toContain('学员名称');
    expect(p.columns).toHaveLength(builtinProfile('national').columns.length);
  });

  it('replaces the column list with an array, keeping what the built-in profile knows of each column', () => {
    const p = profileFromJson(JSON.stringify({ columns: [{ name: '姓名' }, { name: '证件号码', aliases: ['身份证号码(必填)'] }, { name: '培训批次' }] }));
    expect(p.columns.map((c) => [c.name, c.kind, c.required])).toEqual([
      ['姓名', 'name', true],
      ['证件号码', 'idNumber', true],
      ['培训批次', 'text', false],
    ]);
    expect(p.columns[1]?.aliases).toEqual(expect.arrayContaining(['身份证号', '身份证号码(必填)']));
  });

  it('replaces a dictionary so that only its own values pass, and drops slips that led elsewhere', () => {
    const p = profileFromJson(JSON.stringify({ dictionaries: { title: { values: ['主治医师', '中级'], replace: true } } }));
    expect(p.dictionaries['title']?.values).toEqual(['主治医师', '中级']);
    const slips = p.dictionaries['title']?.slips ?? {};
    expect(slips).toMatchObject({ 主治: '主治医师' });
    expect(slips).not.toHaveProperty('副主任医生');
    for (const to of Object.values(slips)) expect(['主治医师', '中级']).toContain(to);
    expect(p.dictionaries['title']?.vague).not.toHaveProperty('中级');
    const rows = [HEADER.map((h) => (h === '职称' ? '中级' : GOOD[h] ?? '')), HEADER.map((h) => (h === '职称' ? '主任医师' : GOOD[h] ?? ''))];
    expect(issuesWith(p, HEADER, rows).filter((i) => i.column === '职称')).toEqual([expect.objectContaining({ rule: 'dictionary', row: 3, value: '主任医师' })]);
  });

  it('adds a dictionary column of its own that is checked against its list', () => {
    const p = profileFromJson(JSON.stringify({
      columns: { 培训方式: { kind: 'dictionary', dictionary: '培训方式', required: true } },
      dictionaries: { 培训方式: { values: ['线上', '线下'] } },
    }));
    const header = [...HEADER, '培训方式'];
    const rows = [[...HEADER.map((h) => GOOD[h] ?? ''), '线下'], [...HEADER.map((h) => GOOD[h] ?? ''), '函授'], [...HEADER.map((h) => GOOD[h] ?? ''), '']];
    expect(issuesWith(p, header, rows).filter((i) => i.column === '培训方式').map((i) => [i.rule, i.row])).toEqual([['dictionary', 3], ['required', 4]]);
  });

  it('refuses a dictionary column without a list, and names the field in Chinese', () => {
    expect(() => profileFromJson(JSON.stringify({ columns: [{ name: '培训方式', kind: 'dictionary' }] }))).toThrow(/columns\[0\]\.dictionary：下拉列/);
    expect(() => profileFromJson(JSON.stringify({ columns: [{ name: '姓名', colour: 'red' }] }))).toThrow(/columns\[0\]：不认识的字段 colour/);
    expect(() => profileFromJson(JSON.stringify({ columns: { 姓名: { colour: 'red' } } }))).toThrow(/columns\.姓名：不认识的字段 colour/);
    expect(() => profileFromJson(JSON.stringify({ columns: { 培训方式: { required: true } } }))).toThrow(ProfileError);
  });

  it('never takes "__proto__" or "constructor" for a dictionary of its own', () => {
    expect(() => profileFromJson('{"columns": [{"name": "姓名"}, {"name": "x", "dictionary": "__proto__"}], "dictionaries": {"__proto__": {"values": ["a"]}}}')).toThrow(/没有名为“__proto__”的字典/);
    expect(({} as Record<string, unknown>)['values']).toBeUndefined();
    expect(() => profileFromJson('{"dictionaries": {"constructor": {"slips": {"a": "b"}}}}')).toThrow(/dictionaries\.constructor：没有这个字典/);
  });
});
