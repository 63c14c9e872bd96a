import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkProject, sameProject } from '../../src/lib/core/project-check';
import { parseProjectSettings } from '../../src/lib/core/project';
import { readDraft, type ProjectDraft } from '../../src/lib/ui/project-form';

describe('one checker for the project settings, shared by the command line and the page', () => {
  it('gives every error, field by field, in Chinese', () => {
    expect(checkProject({ mode: '线上', start: '2026-02-30', hours: -1, planned: 1.5, jjj: 'yes', foo: 1 })).toEqual({
      errors: [
        { field: 'mode', kind: 'choice', message: '应为 面授、远程、面授+远程 之一' },
        { field: 'start', kind: 'date', message: '应为真实存在的日期，写作 YYYY-MM-DD' },
        { field: 'hours', kind: 'negative', message: '不能为负数' },
        { field: 'planned', kind: 'whole', message: '应为整数' },
        { field: 'jjj', kind: 'type', message: '类型不对' },
        { field: 'foo', kind: 'unknown', message: '不认识的字段' },
      ],
    });
    expect(checkProject({ start: '2026-05-02', end: '2026-05-01' })).toEqual({ errors: [{ field: 'end', kind: 'order', message: '结束日期早于开始日期' }] });
    expect(checkProject([])).toEqual({ errors: [{ field: '', kind: 'object', message: '应为一个对象，如 {"credits": 2}' }] });
    expect(checkProject(JSON.parse('{"__proto__":1}'))).toEqual({ errors: [{ field: '__proto__', kind: 'unknown', message: '不认识的字段' }] });
    expect(checkProject({ practical: true, planned: 0 })).toEqual({ settings: { practical: true, planned: 0 } });
  });

  it('tells the command line a planned enrolment must be a whole number (it said "类型不对")', () => {
    expect(() => parseProjectSettings('{"planned":1.5}')).toThrow('项目设置文件有误，字段 planned：应为整数');
    expect(() => parseProjectSettings('{"hours":"3"}')).toThrow('项目设置文件有误，字段 hours：类型不对');
    expect(() => parseProjectSettings('null')).toThrow('项目设置文件有误：应为一个对象，如 {"credits": 2}');
    expect(() => parseProjectSettings('{"mode":"线上"}')).toThrow('项目设置文件有误，字段 mode：应为 面授、远程、面授+远程 之一');
    // The unknown keys are named together, after a bad value if there is one.
    expect(() => parseProjectSettings('{"a":1,"hours":-1,"b":2}')).toThrow('项目设置文件有误，字段 hours：不能为负数');
    expect(() => parseProjectSettings('{"a":1,"b":2}')).toThrow(/不认识的字段 a、b\n/);
  });

  it('lets the form send exactly what the command line would take from the same values', () => {
    const text = fc.oneof(fc.constant(''), fc.constantFrom('面授', '远程', '面授+远程', '线上', '2026-03-01', '2026-03-09', '2026-02-30', '3', '-1', '1.5', '0', '三'));
    const date = fc.oneof(fc.constant(''), fc.constantFrom('2026-03-01', '2026-03-09', '2024-02-29', '2026-02-29', '2026-3-1'));
    const num = fc.oneof(fc.constant(''), fc.constantFrom('0', '2', '2.5', '-1', '-0.5', '12', 'x'), fc.double({ noNaN: true }).map(String));
    const draft = fc.record({ mode: text, start: date, end: date, hours: num, credits: num, planned: num, jjj: fc.boolean() });
    fc.assert(
      fc.property(draft, (d: ProjectDraft) => {
        const { project, errors } = readDraft(d);
        const data: Record<string, unknown> = {};
        if (d.mode) data.mode = d.mode;
        if (d.start) data.start = d.start;
        if (d.end) data.end = d.end;
        for (const k of ['hours', 'credits', 'planned'] as const) if (d[k]) data[k] = /^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(d[k]) ? Number(d[k]) : d[k];
        if (d.jjj) data.jjj = true;
        let cli: unknown;
        try {
          cli = parseProjectSettings(JSON.stringify(data));
        } catch {
          cli = 'refused';
        }
        if (Object.keys(errors).length) expect(cli).toBe('refused');
        else expect(project ?? {}).toEqual(cli);
      }),
    );
  });
});

describe('sameProject', () => {
  it('compares field by field: order does not matter, a switch left out is off, any other difference counts', () => {
    const manifest = { practical: false, jjj: false, credits: 2, start: '2026-03-10', end: '2026-03-11' };
    const form = { start: '2026-03-10', end: '2026-03-11', credits: 2 };
    expect(sameProject(manifest, form)).toBe(true);
    expect(sameProject(undefined, {})).toBe(true);
    expect(sameProject(undefined, { jjj: false })).toBe(true);
    expect(sameProject(manifest, { ...form, credits: 3 })).toBe(false);
    expect(sameProject(manifest, { ...form, jjj: true })).toBe(false);
    expect(sameProject(form, { ...form, mode: '远程' })).toBe(false);
    expect(sameProject({ hours: 0 }, {})).toBe(false);
  });
});
