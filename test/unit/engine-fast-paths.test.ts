// The engine's shortcuts (a column's clean values remembered, the header-repeat test skipping
// cells that cannot be a header text, one ID index until a fix changes an ID) give what the plain
// way gives: checked against that way on random and hostile rosters.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { HAS_HIDDEN, PLAIN_CODE, cleanText, hasHidden, isBlank, isPlainCode } from '../../src/lib/core/normalize';
import { RESIDENT_ID_SHAPE, checkCharacter, isResidentShape, scanResidentId, scanned } from '../../src/lib/core/idnumber';
import { mayLead, repeatsHeader } from '../../src/lib/core/rules/header-repeat';
import { IdIndex, hashOf } from '../../src/lib/core/idindex';
import { EMAIL, isEmail } from '../../src/lib/core/rules/email';
import { prepareDictionary } from '../../src/lib/core/rules/context';
import { HEADER, check, row, workbook } from './helpers';
import { analyze, builtinProfile } from '../../src/lib/core/index';
import type { Profile } from '../../src/lib/core/profile';
import { forgetCleanValues } from '../../src/lib/core/check';

function holds<T>(prop: fc.IProperty<T>, params?: fc.Parameters<T>): void {
  const run = fc.check(prop, params);
  const error = run.failed ? String(run.errorInstance).slice(0, 2000) : null;
  expect({ failed: run.failed, counterexample: run.failed ? run.counterexample : null, error }).toEqual({ failed: false, counterexample: null, error: null });
}

/** Characters that make cells hostile: spaces of every kind, hidden and zero-width ones, full-width forms, a lone surrogate. */
const HOSTILE = [' ', '\u3000', '\u00a0', '\t', '\u200b', '\u202e', '\u0000', '\ufeff', '\ufe0f', '\u00ad', '\ud840', '\udb40', '\udc01', 'Ａ', '１', 'x', 'X', '=', '+', '-', '@', '名', '男', '1', '0'];
const hostileText = fc.array(fc.constantFrom(...HOSTILE), { maxLength: 6 }).map((a) => a.join(''));
/** A value with a hostile prefix or suffix (or none), so that the same slip repeats across rows. */
const spoil = (v: string) => fc.tuple(fc.constantFrom('', '', '', ' ', '\u200b', '\u202e', '\u3000', '='), fc.constantFrom('', '', '', ' ', '\u0000', '\ufe0f')).map(([a, b]) => a + v + b);

const POOL: Record<string, string[]> = {
  姓名: ['张三', '李四', '王五', 'A', '王 五', '赵1'],
  性别: ['男', '女', '男性', ''],
  证件类型: ['居民身份证', '护照', '身份证', ''],
  证件号码: ['110101199003070011', '11010119900307002X', '11010119900307002x', '110101900307001', '1.10101E+17', '', 'E12345678'],
  工作单位: ['北京协和医院', '某某镇卫生院', '院', '河北医科大学第二医院', '北京大学第三医院'],
  单位所在省份: ['北京市', '河北省', '北京', '火星', ''],
  是否基层单位: ['是', '否', 'Y', ''],
  职称: ['主治医师', '副主任医生', '中级', '主任医师'],
  学历: ['大学本科', '本科', ''],
  手机号码: ['13812345678', '+86 138 1234 5678', '010-62345678', '123'],
  电子邮箱: ['a@example.com', 'ａ@example.com', 'bad', ''],
};
const cell = (column: string) => fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...(POOL[column] as string[])).chain(spoil) }, { weight: 1, arbitrary: hostileText });
/**
 * Rows from the pool. 序号 is mostly new on every row (its column stops remembering values after
 * a few dozen rows); 姓名 is new on two rows in three (remembered, with few values found).
 */
const rosterRow = fc
  .record({ ...Object.fromEntries(Object.keys(POOL).map((c) => [c, cell(c)])), n: fc.nat(), header: fc.integer({ min: 0, max: 30 }) })
  .map(({ n, header, ...patch }) => (header === 0 ? [...HEADER] : row({ ...(patch as Record<string, string>), 序号: String(n), ...(n % 3 !== 0 ? { 姓名: `王${n}` } : {}) })));

describe('a column’s clean values, remembered', () => {
  it('give every row the issues it has when checked alone at the same place', () => {
    holds(
      fc.property(fc.array(rosterRow, { minLength: 1, maxLength: 160 }), (rows) => {
        const whole = check(rows, { retainIssues: false }).roster;
        for (let r = 1; r <= rows.length; r++) {
          // The same row alone, at the same Excel row (the rows above it empty).
          const alone = check([...rows.slice(0, r - 1).map(() => []), rows[r - 1] as string[]]).roster;
          expect(whole.rowIssues(r).filter((i) => i.rule !== 'id.duplicate')).toEqual(alone.rowIssues(r).filter((i) => i.rule !== 'id.duplicate'));
        }
        return true;
      }),
      { numRuns: 25 },
    );
  });

  it('count people, shares and fixes as the rows checked alone do', () => {
    holds(
      fc.property(fc.array(rosterRow, { minLength: 1, maxLength: 120 }), (rows) => {
        const whole = check(rows).roster;
        let people = 0;
        let fixes = 0;
        for (let r = 1; r <= rows.length; r++) {
          const alone = check([...rows.slice(0, r - 1).map(() => []), rows[r - 1] as string[]]).roster;
          people += alone.summary().rows;
          fixes += alone.fixes().length;
        }
        expect(whole.summary().rows).toBe(people);
        expect(whole.fixes().length).toBe(fixes);
        return true;
      }),
      { numRuns: 25 },
    );
  });
});

/** The header-repeat test as it was before cells were skipped by their first character. */
function repeatsHeaderPlain(cells: readonly string[], indexes: readonly number[], headers: readonly string[]): boolean {
  let same = 0;
  for (let i = 0; i < indexes.length; i++) {
    const h = headers[i] as string;
    const v = cells[indexes[i] as number];
    if (v === undefined || h === '' || v.length < h.length) continue;
    if (v === h || (v.length <= h.length + 16 && v.includes(h) && cleanText(v) === h)) same++;
  }
  if (same < 2) return false;
  let filled = 0;
  for (const c of indexes) {
    const v = cells[c];
    if (v !== undefined && v !== '' && !isBlank(v)) filled++;
  }
  return same * 2 >= filled;
}

describe('the header-repeat test', () => {
  const headers = HEADER.map((h) => cleanText(h));
  const indexes = HEADER.map((_, i) => i);
  /** A header text with hostile characters around it (or another text). */
  const headerish = (h: string) => fc.oneof(fc.tuple(hostileText, hostileText).map(([a, b]) => a + h + b), hostileText, fc.constant(h));

  it('finds a repeated header exactly when the plain test does, on hostile rows', () => {
    holds(
      fc.property(fc.tuple(...HEADER.map((h) => headerish(h))), (cells) => {
        expect(repeatsHeader(cells, indexes, headers, isBlank)).toBe(repeatsHeaderPlain(cells, indexes, headers));
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('never skips a cell that cleans to its header text', () => {
    holds(
      fc.property(fc.constantFrom(...headers), hostileText, hostileText, fc.string({ unit: 'binary', maxLength: 3 }), (h, a, b, other) => {
        for (const v of [a + h + b, other + h, h + other]) {
          if (v.includes(h) && cleanText(v) === h) expect(mayLead(v.charCodeAt(0), h.charCodeAt(0))).toBe(true);
        }
        return true;
      }),
      { numRuns: 3000 },
    );
  });

  it('in a roster, leaves out exactly the rows the plain attendee and header tests leave out', () => {
    // Rows of header texts, hostile texts and blanks, with 序号 alone filled now and then.
    const plainRow = fc.tuple(...HEADER.map((h) => fc.oneof(headerish(h), fc.constantFrom('', ' ', '\u200b'))));
    holds(
      fc.property(fc.array(plainRow, { minLength: 1, maxLength: 40 }), (rows) => {
        const { roster, issues } = check(rows.map((r) => [...r]));
        const attendee = rows.map((r) => r.some((v, c) => c !== 0 && v !== '' && !isBlank(v)));
        const copy = rows.map((r, k) => attendee[k] === true && repeatsHeaderPlain(r, indexes, headers));
        expect(issues.filter((i) => i.rule === 'header.repeat').map((i) => i.row)).toEqual(rows.flatMap((_, k) => (copy[k] ? [k + 2] : [])));
        expect(roster.summary().rows).toBe(attendee.filter((a, k) => a && !copy[k]).length);
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('skips a person’s ordinary cells', () => {
    expect(mayLead('张'.charCodeAt(0), '姓'.charCodeAt(0))).toBe(false);
    expect(mayLead('1'.charCodeAt(0), '证'.charCodeAt(0))).toBe(false);
    expect(mayLead(' '.charCodeAt(0), '证'.charCodeAt(0))).toBe(true);
  });
});

describe('the ID index', () => {
  const op = fc.record({ add: fc.boolean(), key: fc.constantFrom('a', 'b', 'c', 'd', '110101199003070011', 'e'), row: fc.integer({ min: 0, max: 40 }) });

  it('keeps the groups a plain map of lists keeps, through any additions and removals', () => {
    holds(
      fc.property(fc.array(op, { maxLength: 200 }), fc.integer({ min: 0, max: 20 }), (ops, expected) => {
        const index = new IdIndex(expected);
        const model = new Map<string, number[]>();
        const rowsOf = new Map<number, string>();
        for (const o of ops) {
          const rows = model.get(o.key) ?? [];
          if (o.add) {
            if (rowsOf.has(o.row)) continue; // a row holds one ID
            const first = rows.length ? Math.min(...rows) : -1;
            expect(index.add(o.key, o.row)).toBe(first);
            model.set(o.key, [...rows, o.row].sort((x, y) => x - y));
            rowsOf.set(o.row, o.key);
          } else {
            if (rowsOf.get(o.row) !== o.key) continue;
            const next = rows.filter((x) => x !== o.row);
            const result = index.remove(o.key, o.row);
            expect(result).toBe(rows[0] === o.row ? (next[0] ?? -1) : -2);
            if (next.length) model.set(o.key, next);
            else model.delete(o.key);
            rowsOf.delete(o.row);
          }
        }
        let duplicateRows = 0;
        for (const [key, rows] of model) {
          expect(index.first(key)).toBe(rows[0]);
          expect(index.group(key)).toEqual(rows.length > 1 ? rows : null);
          if (rows.length > 1) duplicateRows += rows.length;
        }
        expect(index.duplicateRows).toBe(duplicateRows);
        expect([...index.groups()].map((g) => [...g]).sort()).toEqual([...model.values()].filter((g) => g.length > 1).sort());
        return true;
      }),
      { numRuns: 500 },
    );
  });
});

describe('the exported state’s ID index, made when a fix first changes an ID', () => {
  it('counts the duplicate a fix makes, through declines, edits, deletions and restores', () => {
    const id = '110101199003070011';
    const other = '11010119900307002X';
    // Row 2's ID was stored as a number with a control character in its text: as it is, its
    // last digits are lost (no ID to compare); removing the character (its fix) makes it text,
    // row 3's ID. Rows 4 and 5 share an ID no fix touches.
    const rows = [row({ 证件号码: `${id}\u0000` }), row(), row({ 证件号码: other, 性别: '女' }), row({ 证件号码: other, 性别: '女' })];
    const { roster, summary } = check(rows, { numeric: [[1, 4]] });
    const counts = () => {
      const s = roster.summary();
      return [s.errors, s.afterFixes.errors, s.afterFixes.warnings];
    };
    expect([summary.errors, summary.afterFixes.errors]).toEqual([3, 4]);
    roster.declineFix(1, 4);
    expect(counts()).toEqual([3, 3, 1]);
    roster.acceptFix(1, 4);
    expect(counts()).toEqual([3, 4, 0]);
    roster.setCell(3, 4, id);
    expect(counts()).toEqual([4, 4, 0]);
    roster.deleteRow(2);
    expect(counts()).toEqual([2, 3, 0]);
    roster.restoreRow(2);
    expect(counts()).toEqual([4, 4, 0]);
  });
});

describe('prepared dictionaries', () => {
  it('are prepared again when a vague value or a slip changes, is added or goes', () => {
    const d = { values: ['中级', '高级'], slips: { 中級: '中级' } as Record<string, string>, vague: { 中: '请写全称' } as Record<string, string> };
    const first = prepareDictionary(d);
    expect(prepareDictionary(d)).toBe(first);
    d.vague['中'] = '请写职称全称';
    expect(prepareDictionary(d).vague.get('中')).toBe('请写职称全称');
    delete d.slips['中級'];
    expect(prepareDictionary(d).slips.size).toBe(0);
    d.vague['高'] = '请写全称';
    expect(prepareDictionary(d).vague.size).toBe(2);
    const same = prepareDictionary(d);
    expect(prepareDictionary(d)).toBe(same);
  });
});

describe('the hidden-character test', () => {
  it('agrees with the regular expression on any text', () => {
    const text = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 12 }), hostileText, fc.constantFrom('张三', '110101199003070011', 'a@b.cn', '\u3400\ud7ff', '\ud7ff\ud800'));
    holds(
      fc.property(text, (s) => {
        expect(hasHidden(s)).toBe(HAS_HIDDEN.test(s));
        return true;
      }),
      { numRuns: 5000 },
    );
    for (let c = 0; c < 0x10000; c++) expect(hasHidden(`a${String.fromCharCode(c)}张`)).toBe(HAS_HIDDEN.test(`a${String.fromCharCode(c)}张`));
  });
});

describe('the code shape tests', () => {
  const code = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789X'.split('')), maxLength: 20 }),
    fc.string({ unit: fc.constantFrom(...'0123456789AZXx:@/ １'.split('')), maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  it('agree with their regular expressions on any text', () => {
    holds(
      fc.property(code, (s) => {
        expect(isResidentShape(s)).toBe(RESIDENT_ID_SHAPE.test(s));
        expect(isPlainCode(s)).toBe(PLAIN_CODE.test(s));
        return true;
      }),
      { numRuns: 5000 },
    );
    expect(isResidentShape('11010119900307002X')).toBe(true);
    expect(isResidentShape('11010119900307002x')).toBe(false);
    expect(isPlainCode('')).toBe(true);
  });
});

describe('the e-mail test', () => {
  const email = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'aZ09._%+-@.@'.split('')), maxLength: 14 }),
    fc.tuple(fc.string({ unit: fc.constantFrom(...'a1._-'.split('')), maxLength: 4 }), fc.string({ unit: fc.constantFrom(...'a1.-'.split('')), maxLength: 8 })).map(([a, b]) => `${a}@${b}`),
    fc.string({ unit: 'binary', maxLength: 14 }),
    fc.constantFrom('a@b.cn', 'a@b.c', 'a@b.c1', 'a@.cn', 'a@b..cn', 'a@b.cn.', '@b.cn', 'a@@b.cn', 'a@b', 'a.b@c-d.e-f.gh', 'ａ@b.cn'),
  );
  it('agrees with the regular expression on any text', () => {
    holds(
      fc.property(email, (s) => {
        expect(isEmail(s)).toBe(EMAIL.test(s));
        return true;
      }),
      { numRuns: 20000 },
    );
  });
});

describe('clean values shared by the rosters of one profile', () => {
  const settings = { hostProvince: '北京市', practical: false, today: '2026-11-22' };
  /** Every issue and the summary of a roster of these rows, checked with `profile`. */
  const result = (rows: string[][], profile: Profile) => {
    const { roster } = analyze(workbook([HEADER, ...rows]), profile, settings, { retainIssues: false });
    return { summary: roster.summary(), issues: roster.issues() };
  };

  it('give each roster of a batch what it gives checked first, on random and hostile rosters', () => {
    const profile = builtinProfile('national');
    holds(
      fc.property(fc.array(fc.array(rosterRow, { minLength: 1, maxLength: 90 }), { minLength: 2, maxLength: 5 }), (rosters) => {
        const inTurn = rosters.map((rows) => result(rows, profile));
        const first = rosters.map((rows) => {
          forgetCleanValues();
          return result(rows, profile);
        });
        expect(inTurn).toEqual(first);
        return true;
      }),
      { numRuns: 15 },
    );
  });

  it('are not used once the column’s dictionary changes', () => {
    const profile = structuredClone(builtinProfile('national'));
    const rows = [row({ 职称: '主治医师' }), row({ 职称: '主治医师' })];
    const titles = (p: Profile) => result(rows, p).issues.filter((i) => i.column === '职称').map((i) => [i.row, i.rule]);
    expect(titles(profile)).toEqual([]);
    // The same profile, edited: 主治医师 is no longer a title.
    const title = profile.dictionaries['title'] as { values: string[] };
    title.values = title.values.filter((v) => v !== '主治医师');
    expect(titles(profile)).toEqual([
      [2, 'dictionary'],
      [3, 'dictionary'],
    ]);
  });
});

describe('the resident ID scan (shape, check character and index hash in one pass)', () => {
  const id = fc.oneof(
    fc.string({ unit: fc.constantFrom(...'0123456789X'.split('')), minLength: 17, maxLength: 19 }),
    fc.string({ unit: fc.constantFrom(...'0123456789AXx:/ １'.split('')), minLength: 16, maxLength: 19 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
  );
  it('agrees with the shape test, the check character and the ID index hash on any text', () => {
    holds(
      fc.property(id, (s) => {
        const expected = scanResidentId(s);
        const hash = scanned.hash;
        if (!isResidentShape(s)) expect(expected).toBe('');
        else expect([expected, hash]).toEqual([checkCharacter(s), hashOf(s)]);
        return true;
      }),
      { numRuns: 5000 },
    );
    expect(scanResidentId('11010119900307002X')).toBe(checkCharacter('11010119900307002X'));
  });

  it('lets a roster find the same duplicates as the index’s own hash does', () => {
    const rows = ['11010119900307001X', '11010119900307001X', '110101900307001', '110101199003070011', ' 110101199003070011'].map((v, k) => row({ 证件号码: v, 姓名: `王${k}` }));
    const { roster } = check(rows);
    expect([2, 3, 4, 5, 6].map((r) => roster.sameIdRows(r - 1).map((x) => x + 1))).toEqual([[2, 3], [2, 3], [4, 5, 6], [4, 5, 6], [4, 5, 6]]);
  });
});

describe('the row view of a roster without some template columns', () => {
  it('reads an absent 证件类型 as empty, so the ID is checked as the default 居民身份证', () => {
    const header = HEADER.filter((h) => h !== '证件类型');
    const cells = (patch: Record<string, string>) => {
      const full = row(patch);
      return full.filter((_, c) => HEADER[c] !== '证件类型');
    };
    const { issues } = check([cells({ 序号: '1', 证件号码: '110101199003070012' }), cells({ 序号: '2', 证件号码: 'E12345678', 姓名: '李四' })], { header });
    expect(issues.filter((i) => i.column === '证件号码').map((i) => [i.row, i.rule])).toEqual([
      [2, 'id.checksum'],
      [3, 'id.format'],
    ]);
  });
});
