// Who really attended: the roster against the sign-in records (issue #20). Pure.
//
// Matching, in order: the ID number (when the roster has an ID column and the record one), then
// the mobile, then name + unit (normalised as the roster rules normalise them). A record fitting
// two roster people, or giving a name alone, is unsure: listed with its candidates, never guessed.
// Findings are the registry's `attendance` rules (rules/signin.ts).
import type { FileRow, Issue, ProjectSettings } from '../types';
import { dayNumber, fromDayNumber } from '../dates';
import { matchKey } from '../normalize';
import type { SignRecord } from './columns';
import { MINUTES_A_DAY, projectStart, showClock, showHours, showTime } from './times';

/** One roster row holding a person, as the matching needs it. */
export interface RosterPerson {
  /** Excel row. */
  row: number;
  /** The engine's ID key (compact ID), null when none. */
  id: string | null;
  mobile: string | null;
  name: string;
  unit: string;
}

/**
 * The user's decision on one person (keyed by `SignPerson.key` for a sign-in, `row:N` for a
 * roster row): 是第 N 行 / 不是学员（讲者、工作人员）/ 未参加 / 已核实. A decision clears that finding.
 */
export type Decision = { kind: 'row'; row: number } | { kind: 'staff' } | { kind: 'absent' } | { kind: 'verified'; reason: string };
export const DECISION_TEXT = { row: '是名单中的学员', staff: '不是学员（讲者、工作人员）', absent: '未参加', verified: '已核实' } as const;

export interface ReconcileInput {
  rosterFile: string;
  people: readonly RosterPerson[];
  /** Whether the roster has an ID column (without one, matching starts with the mobile). */
  hasIdColumn: boolean;
  /** Attendance files in the order given, and their records. */
  files: readonly string[];
  records: readonly SignRecord[];
  project?: ProjectSettings | undefined;
  decisions?: ReadonlyMap<string, Decision>;
}

export type SignStatus = 'matched' | 'missing' | 'unsure' | 'staff';

/** A person of the sign-in records. */
export interface SignPerson {
  key: string;
  name: string;
  unit: string;
  status: SignStatus;
  /** The roster row (Excel) when matched. */
  row: number | null;
  /** Candidate roster rows of an unsure one. */
  candidates: number[];
  records: SignRecord[];
}

/** What the JSON's `signin` holds: the files and the counts (the people are in the issues). */
export interface SigninCounts {
  files: string[];
  /** People signed in (matched, missing and unsure). */
  people: number;
  matched: number;
  missing: number;
  absent: number;
  unsure: number;
}

export interface Reconciliation extends SigninCounts {
  /** Roster people (a repeated ID counts once). */
  rosterPeople: number;
  issues: Issue[];
  persons: SignPerson[];
  /** Roster rows (Excel) of people with no sign-in. */
  absentRows: number[];
  /** Per roster ID: each day's first and last minute present (for batch.overlap). */
  intervals: Map<string, Map<number, [number, number]>>;
}

/** Swipes of one person closer than this count once. */
export const SAME_SWIPE_MINUTES = 5;
/** More swipes (or sessions) than this in one day is signin.daily. */
export const MAX_DAILY_SWIPES = 2;
/** Time present below this share of the day's hours is signin.short. */
export const MIN_PRESENT_SHARE = 0.8;

const ref = (r: SignRecord): FileRow => ({ file: r.file, row: r.row });
const rowsText = (records: readonly SignRecord[]) => {
  const byFile = new Map<string, number[]>();
  for (const r of records) byFile.set(r.file, [...(byFile.get(r.file) ?? []), r.row]);
  return [...byFile].map(([f, rows]) => `“${f}”第 ${[...new Set(rows)].sort((a, b) => a - b).join('、')} 行`).join('，');
};
const nameKey = (s: string) => matchKey(s);

export function reconcile(input: ReconcileInput): Reconciliation {
  const decisions = input.decisions ?? new Map<string, Decision>();
  // Roster people: rows sharing an ID are one person (the first row).
  const personRow = new Map<number, number>(); // any row → the person's first row
  const firstOfId = new Map<string, number>();
  const persons: RosterPerson[] = [];
  for (const p of input.people) {
    const first = p.id !== null ? firstOfId.get(p.id) : undefined;
    if (first !== undefined) {
      personRow.set(p.row, first);
      continue;
    }
    if (p.id !== null) firstOfId.set(p.id, p.row);
    personRow.set(p.row, p.row);
    persons.push(p);
  }
  const index = (key: (p: RosterPerson) => string | null) => {
    const m = new Map<string, number[]>();
    for (const p of persons) {
      const k = key(p);
      if (k) m.set(k, [...(m.get(k) ?? []), p.row]);
    }
    return m;
  };
  const byId = index((p) => p.id);
  const byMobile = index((p) => p.mobile);
  const byNameUnit = index((p) => (p.name && p.unit ? `${nameKey(p.name)}|${nameKey(p.unit)}` : null));
  const byName = index((p) => (p.name ? nameKey(p.name) : null));
  const rosterById = new Map(persons.map((p) => [p.row, p] as const));

  // Each record → a roster person, candidates, or nobody.
  const signed = new Map<string, SignPerson>();
  for (const r of input.records) {
    let row: number | null = null;
    let candidates: number[] = [];
    const id = input.hasIdColumn && r.id ? byId.get(r.id) : undefined;
    if (id) row = id[0] as number;
    else {
      const steps: (number[] | undefined)[] = [
        r.mobile ? byMobile.get(r.mobile) : undefined,
        r.name && r.unit ? byNameUnit.get(`${nameKey(r.name)}|${nameKey(r.unit)}`) : undefined,
      ];
      for (const hit of steps) {
        if (!hit) continue;
        if (hit.length === 1) row = hit[0] as number;
        else candidates = hit;
        break;
      }
      if (row === null && candidates.length === 0 && r.name) candidates = byName.get(nameKey(r.name)) ?? [];
    }
    const key = row !== null ? `row:${row}` : r.id ? `id:${r.id}` : r.mobile ? `m:${r.mobile}` : `n:${nameKey(r.name)}|${nameKey(r.unit)}`;
    let p = signed.get(key);
    if (!p) {
      p = { key, name: r.name, unit: r.unit, status: row !== null ? 'matched' : candidates.length ? 'unsure' : 'missing', row, candidates, records: [] };
      signed.set(key, p);
    }
    p.records.push(r);
  }
  // The user's decisions on sign-ins: 是第 N 行 makes it that person's; 不是学员 sets it aside.
  for (const p of [...signed.values()]) {
    const d = decisions.get(p.key);
    if (p.status === 'matched' || !d) continue;
    if (d.kind === 'staff') p.status = 'staff';
    else if (d.kind === 'row' && personRow.has(d.row)) {
      const row = personRow.get(d.row) as number;
      signed.delete(p.key);
      const key = `row:${row}`;
      const into = signed.get(key);
      if (into) into.records.push(...p.records);
      else signed.set(key, { ...p, key, status: 'matched', row, candidates: [] });
    } else if (d.kind === 'verified') p.status = 'staff';
  }

  const issues: Issue[] = [];
  const list = [...signed.values()];
  const byRow = new Map<number, SignPerson>();
  for (const p of list) if (p.row !== null) byRow.set(p.row, p);

  // signin.missing and signin.unsure (no roster row).
  for (const p of list) {
    const first = p.records[0] as SignRecord;
    const refs = p.records.map(ref);
    if (p.status === 'missing') {
      const knows = [p.unit && `单位：${p.unit}`, first.mobile && `手机号码：${first.mobile}`, first.id && `证件号码：${first.id}`].filter(Boolean).join('，');
      issues.push({
        rule: 'signin.missing', severity: 'error', row: null, column: null, value: p.name,
        message: `“${p.name || '（无姓名）'}”有签到记录（${rowsText(p.records)}），名单中没有这个人：学员通讯录有遗漏，请核实后补入名单${knows ? `（签到记录所写：${knows}）` : ''}`,
        fix: null, source: ref(first), refs,
      });
    } else if (p.status === 'unsure') {
      const why = !p.unit && !first.id && !first.mobile ? '只写了姓名' : '与名单中不止一人相符';
      issues.push({
        rule: 'signin.unsure', severity: 'info', row: null, column: null, value: p.name,
        message: `签到记录“${p.name}”（${rowsText(p.records)}）${why}，名单第 ${p.candidates.join('、')} 行都可能是这个人：请确定是谁`,
        fix: null, source: ref(first), refs: [...refs, ...p.candidates.map((row) => ({ file: input.rosterFile, row }))],
      });
    }
  }

  // signin.absent: roster people without a sign-in (the twins of an unsure one are absent until decided).
  const absentRows: number[] = [];
  for (const person of persons) {
    if (byRow.has(person.row)) continue;
    const d = decisions.get(`row:${person.row}`);
    if (d?.kind === 'verified') continue;
    absentRows.push(person.row);
    if (d?.kind === 'absent') continue;
    issues.push({ rule: 'signin.absent', severity: 'warning', row: person.row, column: null, value: person.name, message: `名单中的“${person.name}”没有签到记录：请核实是否实际参加（不得代签到）`, fix: null });
  }

  // Per matched person: early, daily, short.
  const project = input.project;
  const start = projectStart(project?.start === undefined ? undefined : `${project.start}${project.startTime ? ` ${project.startTime}` : ''}`);
  const first = project?.start ? dayNumber(project.start) : null;
  const last = project?.end ? dayNumber(project.end) : null;
  const days = first !== null && last !== null && last >= first ? last - first + 1 : null;
  const dayMinutes = project?.hours !== undefined && days !== null ? (project.hours * 60) / days : null;
  const intervals = new Map<string, Map<number, [number, number]>>();
  for (const p of list) {
    if (p.status !== 'matched' || p.row === null) continue;
    const person = rosterById.get(p.row) as RosterPerson;
    const cleared = decisions.get(`row:${p.row}`)?.kind === 'verified';
    const name = person.name || p.name;
    if (start !== null && !cleared) {
      const early = p.records.filter((r) => (r.at ?? (r.day !== null ? r.day * MINUTES_A_DAY : Infinity)) < start);
      if (early.length) {
        const at = Math.min(...early.map((r) => r.at ?? (r.day as number) * MINUTES_A_DAY));
        issues.push({
          rule: 'signin.early', severity: 'error', row: p.row, column: null, value: name,
          message: `“${name}”在 ${showTime(at)} 签到，早于项目开始时间 ${showTime(start)}：提前刷卡/签到（${rowsText(early)}）`,
          fix: null, refs: early.map(ref),
        });
      }
    }
    const byDay = new Map<number, SignRecord[]>();
    for (const r of p.records) if (r.day !== null) byDay.set(r.day, [...(byDay.get(r.day) ?? []), r]);
    for (const [day, records] of [...byDay].sort((a, b) => a[0] - b[0])) {
      // The day's swipes (within 5 minutes once) and sessions of typed sheets.
      const times = records.filter((r) => r.kind === 'log' && r.at !== null).map((r) => r.at as number).sort((a, b) => a - b);
      let swipes = 0;
      let lastSwipe = -Infinity;
      for (const t of times) {
        if (t - lastSwipe >= SAME_SWIPE_MINUTES) swipes++;
        lastSwipe = t;
      }
      const sessions = new Set(records.filter((r) => r.kind === 'sheet').map((r) => `${r.file}\u0000${r.session}`)).size;
      const counted = Math.max(swipes, sessions);
      if (counted > MAX_DAILY_SWIPES && !cleared) {
        issues.push({
          rule: 'signin.daily', severity: 'error', row: p.row, column: null, value: name,
          message: `“${name}”在 ${fromDayNumber(day)} ${swipes >= sessions ? `刷卡 ${swipes} 次` : `签到 ${sessions} 场`}，一天不得超过 ${MAX_DAILY_SWIPES} 次（${rowsText(records)}）`,
          fix: null, refs: records.map(ref),
        });
      }
      // Time present: 观看时长, sign-out − sign-in, or the log's first to last swipe; the largest known.
      const watched = records.some((r) => r.duration !== null) ? records.reduce((s, r) => s + (r.duration ?? 0), 0) : null;
      const signedOut = records.some((r) => r.at !== null && r.out !== null) ? records.reduce((s, r) => s + (r.at !== null && r.out !== null ? Math.max(0, r.out - r.at) : 0), 0) : null;
      const swiped = times.length >= 2 && (times.at(-1) as number) - (times[0] as number) >= SAME_SWIPE_MINUTES ? (times.at(-1) as number) - (times[0] as number) : null;
      const known = [watched, signedOut, swiped].filter((v): v is number => v !== null);
      const inDays = first !== null && last !== null && day >= first && day <= last;
      if (dayMinutes !== null && dayMinutes > 0 && known.length && inDays && !cleared) {
        const present = Math.max(...known);
        if (present < MIN_PRESENT_SHARE * dayMinutes) {
          issues.push({
            rule: 'signin.short', severity: 'warning', row: p.row, column: null, value: name,
            message: `“${name}”在 ${fromDayNumber(day)} 参加 ${showHours(present)}，不足当天学时 ${showHours(dayMinutes)}的 80%（${showHours(MIN_PRESENT_SHARE * dayMinutes)}）（${rowsText(records)}）`,
            fix: null, refs: records.map(ref),
          });
        }
      }
      // The day's interval, for overlaps between projects.
      if (person.id !== null) {
        const marks = records.flatMap((r) => [r.at, r.out].filter((v): v is number => v !== null));
        if (marks.length) {
          const m = intervals.get(person.id) ?? new Map<number, [number, number]>();
          m.set(day, [Math.min(...marks), Math.max(...marks)]);
          intervals.set(person.id, m);
        }
      }
    }
  }

  const counted = list.filter((p) => p.status !== 'staff');
  const count = { matched: counted.filter((p) => p.status === 'matched').length, missing: counted.filter((p) => p.status === 'missing').length, unsure: counted.filter((p) => p.status === 'unsure').length };
  const people = counted.length;
  const diff = persons.length - people;
  issues.push({
    rule: 'signin.count', severity: 'info', row: null, column: null, value: '',
    message: `签到 ${people} 人（与名单对上 ${count.matched} 人），名单 ${persons.length} 人，${diff === 0 ? '人数相同' : diff > 0 ? `名单比签到多 ${diff} 人` : `签到比名单多 ${-diff} 人`}`,
    fix: null,
  });
  // Roster rows first, in order; then the findings without a row.
  issues.sort((a, b) => (a.row ?? Infinity) - (b.row ?? Infinity));
  return { files: [...input.files], people, ...count, absent: absentRows.length, rosterPeople: persons.length, issues, persons: list, absentRows, intervals };
}

/** One project's attendance for batch.overlap: its file and each roster ID's intervals by day. */
export interface ProjectAttendance {
  file: string;
  intervals: ReadonlyMap<string, ReadonlyMap<number, readonly [number, number]>>;
  /** Excel row of each roster ID. */
  rows: ReadonlyMap<string, number>;
  names: ReadonlyMap<string, string>;
}

/** batch.overlap: a person present in two projects at overlapping times of one day; one issue in each file. */
export function overlaps(projects: readonly ProjectAttendance[]): Map<string, Issue[]> {
  const out = new Map<string, Issue[]>();
  const push = (file: string, i: Issue) => out.set(file, [...(out.get(file) ?? []), i]);
  for (let a = 0; a < projects.length; a++) {
    const pa = projects[a] as ProjectAttendance;
    for (let b = a + 1; b < projects.length; b++) {
      const pb = projects[b] as ProjectAttendance;
      for (const [id, daysA] of pa.intervals) {
        const daysB = pb.intervals.get(id);
        if (!daysB) continue;
        for (const [day, [s1, e1]] of daysA) {
          const other = daysB.get(day);
          if (!other) continue;
          const [s2, e2] = other;
          if (!(s1 < e2 && s2 < e1)) continue;
          const name = pa.names.get(id) ?? pb.names.get(id) ?? '';
          const text = (mine: ProjectAttendance, theirs: ProjectAttendance, m: readonly number[], t: readonly number[]) =>
            `“${name}”在 ${fromDayNumber(day)} 的考勤时间与其他项目重叠：本项目 ${showClock(m[0] as number)}–${showClock(m[1] as number)}，“${theirs.file}”${showClock(t[0] as number)}–${showClock(t[1] as number)}`;
          const rowA = pa.rows.get(id) ?? null;
          const rowB = pb.rows.get(id) ?? null;
          push(pa.file, { rule: 'batch.overlap', severity: 'error', row: rowA, column: null, value: name, message: text(pa, pb, [s1, e1], [s2, e2]), fix: null, refs: rowB === null ? [] : [{ file: pb.file, row: rowB }] });
          push(pb.file, { rule: 'batch.overlap', severity: 'error', row: rowB, column: null, value: name, message: text(pb, pa, [s2, e2], [s1, e1]), fix: null, refs: rowA === null ? [] : [{ file: pa.file, row: rowA }] });
        }
      }
    }
  }
  return out;
}

/**
 * The decisions that confirm, in one go, every unsure sign-in with exactly one candidate (a name
 * alone that fits one roster person): 是第 N 行 for each. Ones with several candidates stay open.
 */
export function confirmUniqueNames(r: Pick<Reconciliation, 'persons'>): Map<string, Decision> {
  const out = new Map<string, Decision>();
  for (const p of r.persons) if (p.status === 'unsure' && p.candidates.length === 1) out.set(p.key, { kind: 'row', row: p.candidates[0] as number });
  return out;
}
