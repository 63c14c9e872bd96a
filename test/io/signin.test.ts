// The roster against its sign-in records (issue #20): the generator's files read through the
// package layer, and the findings the generator planted, with its plan's figures.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { builtinProfile, defaultSettings, parseProjectSettings } from '../../src/lib/core/index';
import { checkFile } from '../../src/lib/io/pipeline';
import { AttendanceError, readAttendanceFile } from '../../src/lib/io/attendance';
import { rosterPeople } from '../../src/lib/core/attendance/people';
import { confirmUniqueNames, overlaps, reconcile, type Decision } from '../../src/lib/core/attendance/reconcile';
import { parseDuration, parseTime, showTime } from '../../src/lib/core/attendance/times';
import { SIGNIN } from '../../scripts/make-signin.mjs';

const dir = SIGNIN.dir;
const plan = JSON.parse(readFileSync(`${dir}plan.json`, 'utf8'));
const profile = builtinProfile('national');
const project = parseProjectSettings(JSON.stringify(SIGNIN.settings));

function run(decisions?: Map<string, Decision>, files: string[] = plan.files) {
  const checked = checkFile(readFileSync(dir + SIGNIN.roster), profile, defaultSettings(profile, { project }));
  const { people, hasIdColumn } = rosterPeople(checked.roster, checked.located);
  const records = files.flatMap((f) => readAttendanceFile(readFileSync(dir + f), f).records);
  return reconcile({ rosterFile: SIGNIN.roster, people, hasIdColumn, files, records, project, ...(decisions ? { decisions } : {}) });
}
const rowsOf = (r: ReturnType<typeof run>, rule: string) => r.issues.filter((i) => i.rule === rule).map((i) => i.row);

describe('reading attendance files', () => {
  it('reads every sheet of a typed sign-in sheet, the sheet name as the session', () => {
    const got = readAttendanceFile(readFileSync(dir + SIGNIN.sheet), SIGNIN.sheet);
    expect(got.sheets).toEqual(['第1天', '第2天']);
    expect(new Set(got.records.map((r) => r.session))).toEqual(new Set(['第1天', '第2天']));
    expect(got.records.every((r) => r.kind === 'sheet')).toBe(true);
  });

  it('reads a platform export: 人员编号 as ID numbers, 考勤时间 as date cells, 观看时长 in minutes or h:mm', () => {
    const got = readAttendanceFile(readFileSync(dir + SIGNIN.platform), SIGNIN.platform);
    const first = got.records[0];
    expect(first?.id).toMatch(/^\d{17}[\dX]$/);
    expect(showTime(first?.at as number)).toBe('2026-05-10 08:02');
    expect(first?.duration).toBe(120);
    expect(got.records.some((r) => r.duration === 370)).toBe(true);
  });

  it('refuses a log with card numbers only in one Chinese sentence', () => {
    expect(() => readAttendanceFile(readFileSync(dir + SIGNIN.cardsOnly), SIGNIN.cardsOnly)).toThrow(AttendanceError);
    expect(() => readAttendanceFile(readFileSync(dir + SIGNIN.cardsOnly), SIGNIN.cardsOnly)).toThrow(/只有卡号/);
  });

  it('refuses a file that is no attendance record, and one that is not a spreadsheet', () => {
    expect(() => readAttendanceFile(readFileSync(dir + SIGNIN.project), SIGNIN.project)).toThrow(AttendanceError);
    expect(() => readAttendanceFile(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), 'x.xlsx')).toThrow(AttendanceError);
  });

  it('reads times and durations as clerks write them', () => {
    expect(showTime(parseTime('2026/5/10 7:40') as number)).toBe('2026-05-10 07:40');
    expect(showTime(parseTime('2026年5月10日 8:05') as number)).toBe('2026-05-10 08:05');
    expect(parseTime('08:05')).toBeNull();
    expect(parseDuration('6:10')).toBe(370);
    expect(parseDuration('2小时30分')).toBe(150);
    expect(parseDuration('abc')).toBeNull();
  });
});

describe('the project start with a time', () => {
  it('takes "2026-05-10 08:00" as the start day and its time, and refuses a time that is none', () => {
    expect(parseProjectSettings('{"start":"2026-05-10 08:00"}')).toEqual({ start: '2026-05-10', startTime: '08:00' });
    expect(() => parseProjectSettings('{"start":"2026-05-10 25:00"}')).toThrow(/字段 start/);
    expect(() => parseProjectSettings('{"end":"2026-05-10 08:00"}')).toThrow(/字段 end/);
  });
});

describe('reconciling the roster with the sign-in records', () => {
  const r = run();

  it('counts as the plan says', () => {
    expect({ people: r.people, matched: r.matched, missing: r.missing, absent: r.absent, unsure: r.unsure }).toEqual({
      people: plan.people, matched: plan.matched, missing: plan.missing.length, absent: plan.absent.length, unsure: plan.unsure.length,
    });
  });

  it('lists the people signed in but not on the roster, with the sign-in file and row and no roster row', () => {
    const missing = r.issues.filter((i) => i.rule === 'signin.missing');
    expect(missing.map((i) => ({ row: i.row, value: i.value, source: i.source }))).toEqual(plan.missing.map((m: { name: string; file: string; row: number }) => ({ row: null, value: m.name, source: { file: m.file, row: m.row } })));
    for (const i of missing) expect(i.severity).toBe('error');
  });

  it('lists the roster people with no sign-in as warnings, the twins of a name-only sign-in among them', () => {
    expect(rowsOf(r, 'signin.absent')).toEqual(plan.absent);
  });

  it('never guesses who a name-only sign-in is: unsure, with both candidate rows', () => {
    const unsure = r.issues.filter((i) => i.rule === 'signin.unsure');
    expect(unsure).toHaveLength(1);
    const u = plan.unsure[0];
    expect(unsure[0]?.refs).toEqual([{ file: u.file, row: u.row }, ...u.candidates.map((row: number) => ({ file: SIGNIN.roster, row }))]);
    expect(unsure[0]?.message).toContain(u.candidates.join('、'));
  });

  it('finds early sign-ins (before the start time), one whose only sign-in is early being early, not absent', () => {
    expect(rowsOf(r, 'signin.early')).toEqual(plan.early);
    expect(rowsOf(r, 'signin.absent')).not.toContain(plan.early[1]);
    expect(r.issues.find((i) => i.rule === 'signin.early')?.message).toContain('早于项目开始时间 2026-05-10 08:00');
  });

  it('finds three swipes in a day, counting swipes within 5 minutes once', () => {
    expect(rowsOf(r, 'signin.daily')).toEqual(plan.daily.map((d: { row: number }) => d.row));
    expect(rowsOf(r, 'signin.daily')).not.toContain(plan.notDaily);
  });

  it('finds attendance below 80% of the day’s hours, from sign-out or 观看时长', () => {
    expect(rowsOf(r, 'signin.short')).toEqual(plan.short.map((s: { row: number }) => s.row));
  });

  it('says how many signed in against the roster', () => {
    const count = r.issues.find((i) => i.rule === 'signin.count');
    expect(count?.message).toContain(`签到 ${plan.people} 人`);
    expect(count?.message).toContain(`名单 ${plan.rosterPeople} 人`);
    expect(count?.message).toContain(`名单比签到多 ${plan.rosterPeople - plan.people} 人`);
  });

  it('a decision clears its finding: 是第 N 行 matches the unsure one, 不是学员 sets a missing one aside', () => {
    const unsureKey = r.persons.find((p) => p.status === 'unsure')?.key as string;
    const missingKey = r.persons.find((p) => p.status === 'missing')?.key as string;
    const d = run(new Map<string, Decision>([[unsureKey, { kind: 'row', row: plan.unsure[0].candidates[0] }], [missingKey, { kind: 'staff' }]]));
    expect(d.unsure).toBe(0);
    expect(d.missing).toBe(plan.missing.length - 1);
    expect(d.matched).toBe(plan.matched + 1);
    expect(rowsOf(d, 'signin.absent')).not.toContain(plan.unsure[0].candidates[0]);
  });
});

describe('confirming name-only sign-ins in bulk', () => {
  it('confirms the ones that fit one roster person and leaves the ones that fit two open', () => {
    const profile2 = builtinProfile('national');
    const checked = checkFile(readFileSync(dir + SIGNIN.roster), profile2, defaultSettings(profile2, { project }));
    const { people, hasIdColumn } = rosterPeople(checked.roster, checked.located);
    const one = people[9] as { name: string; row: number };
    const records = readAttendanceFile(readFileSync(dir + SIGNIN.sheet), SIGNIN.sheet).records.map((r) => (r.row === plan.missing[0].row && r.sheet === '第1天' ? { ...r, name: one.name, unit: '', mobile: null } : r));
    const r = reconcile({ rosterFile: SIGNIN.roster, people, hasIdColumn, files: [SIGNIN.sheet], records, project });
    const bulk = confirmUniqueNames(r);
    expect([...bulk.values()]).toEqual([{ kind: 'row', row: one.row }]);
    const after = reconcile({ rosterFile: SIGNIN.roster, people, hasIdColumn, files: [SIGNIN.sheet], records, project, decisions: bulk });
    expect(after.unsure).toBe(plan.unsure.length);
  });
});

describe('attendance across projects', () => {
  it('finds a person present in two projects at overlapping times of one day, in both files', () => {
    const second = parseProjectSettings(JSON.stringify(SIGNIN.secondSettings));
    const one = (roster: string, files: string[], p: typeof project) => {
      const checked = checkFile(readFileSync(dir + roster), profile, defaultSettings(profile, { project: p }));
      const { people, hasIdColumn } = rosterPeople(checked.roster, checked.located);
      const records = files.flatMap((f) => readAttendanceFile(readFileSync(dir + f), f).records);
      const rec = reconcile({ rosterFile: roster, people, hasIdColumn, files, records, project: p });
      return { file: roster, intervals: rec.intervals, rows: new Map(people.filter((x) => x.id).map((x) => [x.id as string, x.row])), names: new Map(people.filter((x) => x.id).map((x) => [x.id as string, x.name])) };
    };
    const found = overlaps([one(SIGNIN.roster, plan.files, project), one(SIGNIN.second, [SIGNIN.secondLog], second)]);
    expect(found.get(SIGNIN.roster)?.map((i) => i.row)).toEqual([plan.overlap.row]);
    expect(found.get(SIGNIN.second)?.map((i) => i.row)).toEqual([plan.overlap.secondRow]);
    expect(found.get(SIGNIN.roster)?.[0]?.refs).toEqual([{ file: SIGNIN.second, row: plan.overlap.secondRow }]);
  });
});
