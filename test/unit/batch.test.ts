import { describe, expect, it } from 'vitest';
import { BatchAccumulator, dailyCredits, isoDay } from '../../src/lib/core/batch';
import { row, check } from './helpers';

const ID_A = '110101199003070011';
const ID_B = '110101199003070038';
const person = (key: string, name: string, r: number) => ({ key, name, row: r });

/** 5 rosters of 2,000 people on one day; every 100th person of each roster is also in the next one. */
function bigBatch() {
  const id = (n: number) => `1101011990${String(n).padStart(8, '0')}`;
  const b = new BatchAccumulator();
  for (let f = 0; f < 5; f++) {
    const people = [];
    for (let i = 0; i < 2000; i++) people.push(person(id(f * 2000 + i), `学员${f * 2000 + i}`, i + 3));
    // The previous roster's every 100th person, under another name the second time in roster 2.
    if (f > 0) for (let i = 0; i < 2000; i += 100) people.push(person(id((f - 1) * 2000 + i), f === 2 ? `另名${i}` : `学员${(f - 1) * 2000 + i}`, 2003 + i / 100));
    b.add(`${f}.xlsx`, people, { start: '2026-03-11', end: '2026-03-11', credits: 1.5 });
  }
  const r = b.result();
  expect(r).toMatchObject({ files: 5, people: 10_000 });
  expect(r.duplicates).toHaveLength(80);
  expect(r.sameDay).toHaveLength(80);
  const d = r.duplicates.find((x) => x.id === id(2100));
  expect(d).toEqual({ id: id(2100), names: ['学员2100', '另名100'], occurrences: [{ file: '1.xlsx', row: 103 }, { file: '2.xlsx', row: 2004 }] });
  expect(r.duplicates.find((x) => x.id === id(7900))?.names).toEqual(['学员7900']);
  expect(b.issuesOf('4.xlsx').map((i) => i.row)).toEqual(Array.from({ length: 20 }, (_, k) => 2003 + k));
  expect(b.issuesOf('2.xlsx')).toHaveLength(40);
}

describe('batch across rosters', () => {
  // Seed 001: 在同一天录入超过2分项目学习学分，不符合管理规定; 分次刷卡授分-2学分/天.
  it('reports 3 credits on one day across two projects as an error in both files', () => {
    const b = new BatchAccumulator();
    b.add('心内科.xlsx', [person(ID_A, '张三', 5), person(ID_B, '李四', 6)], { start: '2026-03-10', end: '2026-03-11', credits: 4 }, '高血压新进展');
    b.add('护理部.xlsx', [person(ID_A, '张三', 9)], { start: '2026-03-11', end: '2026-03-11', credits: 1 }, '静脉治疗');
    const r = b.result();
    expect(r).toMatchObject({ files: 2, people: 2 });
    expect(r.sameDay).toEqual([
      { id: ID_A, name: '张三', date: '2026-03-11', credits: 3, files: ['心内科.xlsx', '护理部.xlsx'], occurrences: [{ file: '心内科.xlsx', row: 5 }, { file: '护理部.xlsx', row: 9 }] },
    ]);
    expect(b.issuesOf('心内科.xlsx')).toEqual([
      expect.objectContaining({ rule: 'batch.daily', severity: 'error', row: 5, column: '证件号码', value: ID_A, message: expect.stringContaining('还参加了《静脉治疗》，当天共 3 学分') }),
    ]);
    expect(b.issuesOf('护理部.xlsx')).toEqual([expect.objectContaining({ row: 9, message: expect.stringContaining('《高血压新进展》') })]);
  });

  it('allows exactly 2 credits on one day and notes the person only as a duplicate', () => {
    const b = new BatchAccumulator();
    b.add('a.xlsx', [person(ID_A, '张三', 3)], { start: '2026-03-10', end: '2026-03-11', credits: 2 });
    b.add('b.xlsx', [person(ID_A, '张叁', 4)], { start: '2026-03-11', end: '2026-03-11', credits: 1 });
    const r = b.result();
    expect(r.sameDay).toEqual([]);
    expect(r.duplicates).toEqual([{ id: ID_A, names: ['张三', '张叁'], occurrences: [{ file: 'a.xlsx', row: 3 }, { file: 'b.xlsx', row: 4 }] }]);
    expect(b.issuesOf('a.xlsx')).toEqual([]);
  });

  it('spreads credits evenly over the days, so a third of a credit a day adds up', () => {
    const b = new BatchAccumulator();
    b.add('a.xlsx', [person(ID_A, '张三', 3)], { start: '2026-03-09', end: '2026-03-11', credits: 5 }); // 5/3 a day
    b.add('b.xlsx', [person(ID_A, '张三', 3)], { start: '2026-03-11', end: '2026-03-12', credits: 1 }); // 0.5 a day
    expect(b.result().sameDay.map((s) => [s.date, s.credits])).toEqual([['2026-03-11', 2.17]]);
  });

  it('does not count one roster twice when a person is listed in it twice, and ignores rosters with no dates', () => {
    const b = new BatchAccumulator();
    b.add('a.xlsx', [person(ID_A, '张三', 3), person(ID_A, '张三', 8)], { start: '2026-03-11', end: '2026-03-11', credits: 2 });
    b.add('b.xlsx', [person(ID_A, '张三', 5)], null);
    const r = b.result();
    expect(r.sameDay).toEqual([]);
    expect(r.duplicates[0]?.occurrences).toHaveLength(3);
  });

  // Browsers grow the accumulator's lists with ArrayBuffer.prototype.transfer; Node 20 has none:
  // both ways, when Node lacks it (one built on structuredClone, which detaches the same way).
  const proto = ArrayBuffer.prototype as ArrayBuffer & { transfer?: (n: number) => ArrayBuffer };
  const ways = typeof proto.transfer === 'function' ? ['native'] : ['copy', 'transfer'];
  it.each(ways)('finds every duplicate and every same-day excess in a batch of thousands of people, names and rows in order (%s)', (way) => {
    if (way === 'transfer') {
      Object.defineProperty(proto, 'transfer', {
        configurable: true,
        value(this: ArrayBuffer, n: number) {
          const out = new Uint8Array(n);
          out.set(new Uint8Array(this).subarray(0, n));
          structuredClone(this, { transfer: [this] });
          return out.buffer;
        },
      });
    }
    try {
      bigBatch();
    } finally {
      if (way === 'transfer') delete proto.transfer;
    }
  });

  it('reads only real YYYY-MM-DD dates and refuses events running backwards', () => {
    expect(isoDay('2026-02-30')).toBeNull();
    expect(isoDay('2026-3-1')).toBeNull();
    expect(isoDay('1970-01-02')).toBe(1);
    expect(dailyCredits({ start: '2026-03-12', end: '2026-03-11', credits: 1 })).toBeNull();
    expect(dailyCredits({ start: '2026-03-11', end: '2026-03-12', credits: 3 })).toMatchObject({ days: 2, perDay: 1.5 });
  });

  it('keys a person by the engine ID key, so a lower-case x or full-width digits are the same person', () => {
    const { roster, located } = check([row({ 证件号码: '１１０１０１１９９００３０７００１１' }), row({ 证件号码: ID_B })]);
    expect(roster.idKey(located.firstDataRow)).toBe(ID_A);
    expect(roster.idKey(located.firstDataRow + 1)).toBe(ID_B);
  });
});
