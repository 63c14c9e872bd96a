// Merging session rosters (core/merge.ts) leaves out a header pasted again mid-roster, as the
// check does (rule header.repeat): it is no person.
import { describe, expect, it } from 'vitest';
import { Merger } from '../../src/lib/core/merge';
import { HEADER, check, row } from './helpers';

const source = (file: string, rows: string[][]) => {
  const { roster, located } = check(rows);
  return { file, rows: roster.table(), located, keyOf: (r: number) => roster.idKey(r) };
};

describe('merging rosters with a pasted header', () => {
  it('merges the people and leaves the repeated header out', () => {
    const other = row({ 证件号码: '11010119900307002X', 性别: '女', 姓名: '李四' });
    const m = new Merger(source('a.xlsx', [row()]));
    m.add(source('a.xlsx', [row()]));
    m.add(source('b.xlsx', [[...HEADER], other, row()]));
    expect(m.people).toBe(2);
    expect(m.rows().slice(1).map((r) => r[1])).toEqual(['张三', '李四']);
    expect(m.read).toBe(3);
  });
});
