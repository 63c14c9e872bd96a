import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCharacter, upgradeLegacyId } from '../../src/lib/core/idnumber';
import { cleanText, compactCode, matchKey } from '../../src/lib/core/normalize';
import { HEADER, check, row } from './helpers';
import { applyFixes } from '../../src/lib/core/fix';
import type { Summary } from '../../src/lib/core/types';
import { idCheck } from '../../scripts/synth.mjs';

/** Run a property; on failure the counterexample shows in the diff. */
function holds<T>(prop: fc.IProperty<T>, params?: fc.Parameters<T>): void {
  const run = fc.check(prop, params);
  const error = run.failed ? String(run.errorInstance).slice(0, 2000) : null;
  expect({ failed: run.failed, counterexample: run.failed ? run.counterexample : null, error }).toEqual({ failed: false, counterexample: null, error: null });
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

describe('ID check character', () => {
  it('agrees with an independent implementation', () => {
    holds(fc.property(digits(17), (d) => checkCharacter(d) === idCheck(d)));
  });

  it('catches every single-digit change of a valid ID', () => {
    holds(
      fc.property(digits(17), fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (d, at, delta) => {
        const changed = d.slice(0, at) + String((Number(d[at]) + delta) % 10) + d.slice(at + 1);
        return checkCharacter(changed) !== checkCharacter(d);
      }),
    );
  });

  it('turns any valid 15-digit ID into an 18-digit one with a correct check character', () => {
    holds(
      fc.property(digits(6), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), digits(3), (region, yy, m, d, seq) => {
        const id15 = `${region}${String(yy).padStart(2, '0')}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`;
        const id18 = upgradeLegacyId(id15);
        return id18.length === 18 && id18.slice(6, 8) === '19' && id18[17] === idCheck(id18.slice(0, 17));
      }),
    );
  });
});

const slips = fc.constantFrom(' ', '\u3000', '\u00a0', '\u200b', '\ufeff', '\t');

describe('normalisation', () => {
  it('compactCode removes every spacing and invisible slip, and is idempotent', () => {
    holds(
      fc.property(digits(17), fc.array(fc.tuple(fc.integer({ min: 0, max: 18 }), slips)), fc.boolean(), (d, inserts, fullWidth) => {
        const id = d + 'X';
        let s = fullWidth ? id.replace(/[0-9X]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)) : id.toLowerCase();
        for (const [at, ch] of inserts) s = s.slice(0, at) + ch + s.slice(at);
        const once = compactCode(s);
        return once === id && compactCode(once) === once;
      }),
    );
  });

  it('matchKey stays a key when removing a space brings a letter and its accent together', () => {
    // Found by the property below: NFKC turns U+1FED into a space and combining marks.
    const s = '\u{1d798}\u1fed';
    expect(matchKey(matchKey(s))).toBe(matchKey(s));
  });

  it('cleanText and matchKey are idempotent on any text', () => {
    holds(fc.property(fc.string({ unit: 'grapheme' }), (s) => cleanText(cleanText(s)) === cleanText(s) && matchKey(matchKey(s)) === matchKey(s)));
  });

  it('a fixed ID cell re-checks clean', () => {
    holds(
      fc.property(fc.array(slips, { maxLength: 4 }), (extra) => {
        const id = '11010119900307002X';
        const messy = extra.join('') + id.slice(0, 9) + extra.join('') + id.slice(9).toLowerCase();
        const first = check([row({ 性别: '女', 证件号码: messy })]).roster.fixes();
        const fixed = first.length ? (first[0]?.to ?? messy) : messy;
        const again = check([row({ 性别: '女', 证件号码: fixed })]).issues.filter((i) => i.row !== null);
        return fixed === id && again.length === 0;
      }),
      { numRuns: 200 },
    );
  });
});

describe('incremental re-checking', () => {
  // Values per column, good and bad, few enough that IDs repeat (duplicates) and rows empty out.
  const VALUES: Record<string, string[]> = {
    姓名: ['张三', '李四', '', 'A', '王 五'],
    性别: ['男', '女', '', '男性', 'M'],
    证件类型: ['居民身份证', '护照', '', '身份证'],
    证件号码: ['110101199003070011', '11010119900307002X', '110101199003070012', '', '1.10101E+17', 'E12345678', '110101900307001'],
    工作单位: ['北京协和医院', '某某镇卫生院', '', '院', '=1+1'],
    单位所在省份: ['北京市', '河北省', '北京', '', '火星'],
    是否基层单位: ['是', '否', '', 'Y'],
    职称: ['主治医师', '副主任医生', '中级', ''],
    手机号码: ['13812345678', '138 1234 5678', '123', ''],
  };
  const columns = Object.keys(VALUES);
  const cellValue = (c: string) => fc.constantFrom(...(VALUES[c] as string[]));
  const rosterRow = fc.record(Object.fromEntries(columns.map((c) => [c, cellValue(c)])) as Record<string, fc.Arbitrary<string>>).map((p) => row(p));
  const edit = fc.integer({ min: 0, max: columns.length - 1 }).chain((ci) =>
    fc.record({ r: fc.nat(), column: fc.constant(columns[ci] as string), value: cellValue(columns[ci] as string) }),
  );

  it('after any edits, the roster says exactly what a fresh check of the edited table says, with or without retained issues', () => {
    holds(
      fc.property(fc.array(rosterRow, { minLength: 1, maxLength: 12 }), fc.array(edit, { maxLength: 15 }), (rows, edits) => {
        const a = check(rows).roster;
        const b = check(rows, { retainIssues: false }).roster;
        for (const e of edits) {
          const r = 1 + (e.r % rows.length);
          const c = HEADER.indexOf(e.column);
          a.setCell(r, c, e.value);
          b.setCell(r, c, e.value);
        }
        const fresh = check(a.table().slice(1) as string[][]);
        expect(a.issues()).toEqual(fresh.issues);
        expect(b.issues()).toEqual(fresh.issues);
        expect([...b.eachIssue()]).toEqual(fresh.issues);
        expect(a.summary()).toEqual(fresh.summary);
        expect(b.summary()).toEqual(fresh.summary);
        expect(b.fixes()).toEqual(fresh.roster.fixes());
        for (let r = 1; r <= rows.length; r++) expect(b.rowIssues(r)).toEqual(fresh.roster.rowIssues(r));
        return true;
      }),
      { numRuns: 300 },
    );
  });

  const decision = fc.record({ r: fc.nat(), c: fc.constantFrom(...columns), decline: fc.boolean() });

  it('after any edits and fix decisions, afterFixes is what a fresh check of the table with the accepted fixes applied finds', () => {
    holds(
      fc.property(fc.array(rosterRow, { minLength: 1, maxLength: 12 }), fc.array(fc.oneof(edit.map((e) => ({ e })), decision.map((d) => ({ d }))), { maxLength: 20 }), (rows, steps) => {
        const a = check(rows).roster;
        const b = check(rows, { retainIssues: false }).roster;
        for (const step of steps) {
          if ('e' in step) {
            const r = 1 + (step.e.r % rows.length);
            const c = HEADER.indexOf(step.e.column);
            a.setCell(r, c, step.e.value);
            b.setCell(r, c, step.e.value);
          } else {
            const r = 1 + (step.d.r % rows.length);
            const c = HEADER.indexOf(step.d.c);
            for (const x of [a, b]) {
              if (step.d.decline) x.declineFix(r, c);
              else x.acceptFix(r, c);
            }
          }
        }
        const fresh = check(a.table().slice(1) as string[][]);
        const accepted = fresh.roster.fixes().filter((f) => !a.isDeclined(f.row - 1, HEADER.indexOf(f.column)));
        expect(a.acceptedFixList()).toEqual(accepted);
        const sheet = { name: 'Sheet1', rows: a.table() as string[][], numeric: new Set<number>() };
        const exported = applyFixes(sheet, fresh.located, accepted).sheet.rows;
        const after = check(exported.slice(1));
        const onRows = (issues: typeof after.issues) => ({
          errors: issues.filter((i) => i.row !== null && i.severity === 'error').length,
          warnings: issues.filter((i) => i.row !== null && i.severity === 'warning').length,
        });
        const expected: Summary['afterFixes'] = onRows(after.issues);
        expect(a.summary().afterFixes).toEqual(expected);
        expect(b.summary().afterFixes).toEqual(expected);
        // Everything else is the roster as it is now: decisions change nothing but the export.
        expect({ ...a.summary(), afterFixes: null }).toEqual({ ...fresh.summary, afterFixes: null });
        return true;
      }),
      { numRuns: 300 },
    );
  });
});
