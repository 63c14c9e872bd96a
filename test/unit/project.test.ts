import { describe, expect, it } from 'vitest';
import { ProjectError, builtinProfile, parseProjectSettings, summaryText, type Issue, type ProjectSettings } from '../../src/lib/core/index';
import { check, row } from './helpers';
import { idCheck } from '../../scripts/synth.mjs';

function id(i: number): string {
  const first17 = `1101011990010${1 + (i % 9)}${String(2 * Math.floor(i / 9) + 1).padStart(3, '0')}`;
  return first17 + idCheck(first17);
}
const roster = (n: number) => Array.from({ length: n }, (_, i) => row({ 证件号码: id(i) }));
const roster60 = () => roster(60);

/** Project-level issues (row null) of a 60-person roster checked with these settings, today 2026-11-22. */
function project(p: ProjectSettings, n = 60, opts: { practical?: boolean } = {}): Issue[] {
  return check(roster(n), { settings: { project: p, practical: opts.practical ?? false } }).roster.projectIssues();
}
const only = (issues: Issue[], rule: string) => issues.filter((i) => i.rule === rule);
const projectIssue = (rule: string, severity: string, value: string, message: string) => ({ rule, severity, row: null, column: null, value, message, fix: null });

describe('credits (notices 001, 002, 004)', () => {
  it('reports credits above hours ÷ 3: 6 hours give at most 2 credits', () => {
    expect(only(project({ hours: 6, credits: 3 }), 'credit.hours')).toEqual([
      projectIssue('credit.hours', 'error', '3', '授予 3 学分，而学时为 6 小时：按“3小时1学分”最多授予 2 学分，请核对学时或学分'),
    ]);
    expect(only(project({ hours: 6, credits: 2 }), 'credit.hours')).toEqual([]);
  });

  it('reports more than 10 credits a project, and more than 3 for a remote one; 面授+远程 follows 10', () => {
    expect(only(project({ credits: 12 }), 'credit.max')).toEqual([projectIssue('credit.max', 'error', '12', '授予 12 学分，超过每个项目的上限 10 学分')]);
    expect(only(project({ credits: 4, mode: '远程' }), 'credit.max')).toEqual([projectIssue('credit.max', 'error', '4', '授予 4 学分，超过远程项目的上限 3 学分')]);
    expect(only(project({ credits: 10, mode: '面授+远程' }), 'credit.max')).toEqual([]);
    expect(only(project({ credits: 10, mode: '面授' }), 'credit.max')).toEqual([]);
  });

  it('reports more than 2 credits a day of the event', () => {
    expect(only(project({ credits: 3, start: '2026-11-02', end: '2026-11-02' }), 'credit.daily')).toEqual([
      projectIssue('credit.daily', 'error', '3', '举办 1 天（2026-11-02 至 2026-11-02），每天最多 2 学分，最多授予 2 学分，现为 3 学分'),
    ]);
    expect(only(project({ credits: 4, start: '2026-11-02', end: '2026-11-03' }), 'credit.daily')).toEqual([]);
  });
});

describe('enrolment (notice 002)', () => {
  it('warns of more attendees than planned', () => {
    expect(only(project({ planned: 50 }, 60), 'count.planned')).toEqual([projectIssue('count.planned', 'warning', '60', '学员 60 人，多于计划招生人数 50 人：招生人数原则上不得超过计划')]);
    expect(only(project({ planned: 60 }, 60), 'count.planned')).toEqual([]);
  });

  it('warns of a 京津冀 project planned under 100, on the attendees when no plan is given, unless practical', () => {
    expect(only(project({ jjj: true, planned: 80 }), 'count.jjj')).toEqual([
      projectIssue('count.jjj', 'warning', '80', '京津冀互认项目拟招生人数应为 100 人以上，拟招生人数为 80 人；实操训练类项目不受此限'),
    ]);
    expect(only(project({ jjj: true }, 60), 'count.jjj')).toEqual([
      projectIssue('count.jjj', 'warning', '60', '京津冀互认项目拟招生人数应为 100 人以上，名单中学员 60 人（项目设置中没有拟招生人数）；实操训练类项目不受此限'),
    ]);
    expect(only(project({ jjj: true, planned: 120 }), 'count.jjj')).toEqual([]);
    expect(only(project({ jjj: true, practical: true }), 'count.jjj')).toEqual([]);
    expect(only(project({ jjj: true }, 60, { practical: true }), 'count.jjj')).toEqual([]);
  });

  it('treats "practical": true like --practical for the attendee range', () => {
    expect(check(roster(30), { settings: { project: { practical: true } } }).issues.filter((i) => i.rule === 'count.range')).toEqual([]);
  });
});

describe('dates (notices 002, 003)', () => {
  it('gives the filing due date two weeks before the start and the feedback due date two weeks after the end', () => {
    const { summary } = check(roster(60), { settings: { project: { start: '2026-12-01', end: '2026-12-03' } } });
    expect(summary).toMatchObject({ filingDue: '2026-11-17', feedbackDue: '2026-12-17' });
  });

  it('warns when the feedback deadline has passed or is at most 3 days away', () => {
    expect(only(project({ end: '2026-11-01' }), 'date.feedback')).toEqual([
      projectIssue('date.feedback', 'warning', '2026-11-15', '执行情况反馈截止日 2026-11-15（项目结束后 2 周内）已过 7 天，请尽快填报并联系继教管理部门'),
    ]);
    expect(only(project({ end: '2026-11-10' }), 'date.feedback')).toEqual([
      projectIssue('date.feedback', 'warning', '2026-11-24', '执行情况反馈截止日为 2026-11-24（项目结束后 2 周内），还剩 2 天，请尽快填报'),
    ]);
    expect(only(project({ end: '2026-11-15' }), 'date.feedback')).toEqual([]);
  });

  it('warns of a 2026 project held after 25 December 2026 (notice 003)', () => {
    expect(only(project({ start: '2026-12-27', end: '2026-12-28' }), 'date.heldBy')).toEqual([
      projectIssue('date.heldBy', 'warning', '2026-12-28', '2026 年的项目应在 2026-12-25 前举办完成，项目结束日期为 2026-12-28，请核对'),
    ]);
    expect(only(project({ start: '2026-12-20', end: '2026-12-25' }), 'date.heldBy')).toEqual([]);
  });
});

describe('project settings', () => {
  it('says once for each rule it skipped for want of a setting, only when settings were given', () => {
    expect(project({ credits: 2, hours: 6, start: '2026-11-20', end: '2026-11-20', planned: 100 })).toEqual([]);
    expect(project({}).map((i) => i.message)).toEqual([
      '项目设置中没有学时、学分，未核对学分与学时是否匹配',
      '项目设置中没有学分，未核对学分上限',
      '项目设置中没有开始日期、结束日期、学分，未核对每天的学分',
      '项目设置中没有拟招生人数，未核对学员人数是否超过计划',
      '项目设置中没有结束日期，未核对执行情况反馈期限',
    ]);
    expect(check(roster(60)).roster.projectIssues()).toEqual([]);
  });

  it('lists project issues first, before the whole-roster ones', () => {
    const issues = check(roster(30), { settings: { project: { credits: 12, hours: 36, start: '2026-11-20', end: '2026-11-25', planned: 30 } } }).issues;
    expect(issues.map((i) => i.rule).slice(0, 2)).toEqual(['credit.max', 'count.range']);
  });

  it('reads a settings file, and names unknown keys and bad values in one Chinese line', () => {
    expect(parseProjectSettings('{"mode":"远程","credits":3,"start":"2026-05-01"}')).toEqual({ mode: '远程', credits: 3, start: '2026-05-01' });
    expect(() => parseProjectSettings('{"credit":3,"foo":1}')).toThrow(new ProjectError('项目设置文件有误：不认识的字段 credit、foo\n可用的字段：mode、start、end、hours、credits、planned、jjj、practical'));
    expect(() => parseProjectSettings('{"mode":"线上"}')).toThrow(ProjectError);
    expect(() => parseProjectSettings('{"start":"2026-02-30"}')).toThrow('项目设置文件有误，字段 start：应为真实存在的日期，写作 YYYY-MM-DD');
    expect(() => parseProjectSettings('{"start":"2026-05-02","end":"2026-05-01"}')).toThrow('项目设置文件有误，字段 end：结束日期早于开始日期');
  });
});

describe('project issues in the printed summary', () => {
  it('are said to be about the project, not the roster', () => {
    const { roster, summary } = check(roster60(), { settings: { project: { credits: 12 } } });
    const text = summaryText('x.xlsx', 'Sheet1', 1, builtinProfile('national'), summary, roster.issues(), 100, roster.settings);
    expect(text).toContain('  [错误] 项目：授予 12 学分，超过每个项目的上限 10 学分');
    expect(text).toContain('  [提示] 项目：项目设置中没有拟招生人数，未核对学员人数是否超过计划');
    expect(text).toContain('项目报备截止：未填写开始日期；执行情况反馈截止：未填写结束日期');
  });
});
