import { describe, expect, it } from 'vitest';
import { draftOf, readDraft, validProject, type ProjectDraft } from '../../src/lib/ui/project-form';
import { parseProjectSettings } from '../../src/lib/core/project';
import { validSettings } from '../../src/lib/ui/persist';

const empty: ProjectDraft = { mode: '', start: '', end: '', hours: '', credits: '', planned: '', jjj: false };

describe('the project form on the page', () => {
  it('sends nothing while every field is empty', () => {
    expect(readDraft(empty)).toEqual({ errors: {} });
  });

  it('gives the settings the command line would take from the same values', () => {
    const d: ProjectDraft = { mode: '远程', start: '2026-03-01', end: '2026-03-02', hours: '12', credits: '4', planned: '120', jjj: true };
    const { project, errors } = readDraft(d);
    expect(errors).toEqual({});
    expect(project).toEqual(parseProjectSettings(JSON.stringify(project)));
    expect(project).toEqual({ mode: '远程', start: '2026-03-01', end: '2026-03-02', hours: 12, credits: 4, planned: 120, jjj: true });
    expect(draftOf(project)).toEqual(d);
  });

  it('refuses what the command line refuses, naming the field in Chinese', () => {
    expect(readDraft({ ...empty, start: '2026-03-05', end: '2026-03-01' }).errors).toEqual({ end: '结束日期早于开始日期' });
    expect(() => parseProjectSettings('{"start":"2026-03-05","end":"2026-03-01"}')).toThrow(/结束日期早于开始日期/);
    expect(readDraft({ ...empty, credits: '-1' }).errors).toEqual({ credits: '不能为负数' });
    expect(readDraft({ ...empty, planned: '80.5' }).errors).toEqual({ planned: '应为整数' });
    expect(readDraft({ ...empty, hours: '三' }).errors).toEqual({ hours: '请填写数字' });
    expect(readDraft({ ...empty, start: '2026-02-30' }).errors).toEqual({ start: '不是真实存在的日期' });
    // An error stops the whole form: the last valid settings stay in force.
    expect(readDraft({ ...empty, credits: '3', planned: '1.5' }).project).toBeUndefined();
  });

  it('keeps stored settings only when every field is valid', () => {
    expect(validProject({ credits: 2, start: '2026-01-01' })).toEqual({ credits: 2, start: '2026-01-01' });
    expect(validProject({ credits: -2 })).toBeUndefined();
    expect(validProject('x')).toBeUndefined();
    expect(validSettings({ level: 'beijing', hostProvince: '北京市', practical: true, project: { credits: 12, mode: '面授' } }).project).toEqual({ credits: 12, mode: '面授' });
    expect(validSettings({ level: 'national', hostProvince: '北京市', practical: false, project: { planned: 1.5 } as never }).project).toBeUndefined();
  });
});
