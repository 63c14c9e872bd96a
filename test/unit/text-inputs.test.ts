// Settings files as Windows writes them and as a hostile file may hold them: byte order marks and
// UTF-16, numbers past any sensible range, hundreds of thousands of keys, names with line breaks.
// Every error stays one Chinese line of at most 80 columns on a terminal.
import { describe, expect, it } from 'vitest';
import { checkProject } from '../../src/lib/core/project-check';
import { ProjectError, parseProjectSettings } from '../../src/lib/core/project';
import { profileFromJson } from '../../src/lib/core/profile';
import { LINE_COLUMNS, columns, fewOf, fitColumns, printable } from '../../src/lib/core/printable';
import { decodeTextFile } from '../../src/lib/io/text-file';
import { readDraft } from '../../src/lib/ui/project-form';

/** The first line of what `f` throws, as the command line prints it. */
function errorLine(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return `roster-check: ${(e as Error).message.split('\n')[0]}`;
  }
  throw new Error('nothing thrown');
}

describe('numbers and dates of the project settings', () => {
  it('refuses values past a sensible range, naming the field (never "最多授予 Infinity 学分")', () => {
    expect(checkProject({ credits: 101, hours: 1e308, planned: 100_001, start: '1999-12-31', end: '2101-01-01' })).toEqual({
      errors: [
        { field: 'start', kind: 'range', message: '年份应在 2000 到 2100 之间' },
        { field: 'end', kind: 'range', message: '年份应在 2000 到 2100 之间' },
        { field: 'hours', kind: 'range', message: '应在 0 到 1000 之间' },
        { field: 'credits', kind: 'range', message: '应在 0 到 100 之间' },
        { field: 'planned', kind: 'range', message: '应在 0 到 100000 之间' },
      ],
    });
    expect(() => parseProjectSettings('{"hours": 1e999}')).toThrow('项目设置文件有误，字段 hours：类型不对');
    expect(() => parseProjectSettings('{"hours": 1e300, "credits": 2}')).toThrow('项目设置文件有误，字段 hours：应在 0 到 1000 之间');
    expect(checkProject({ credits: 100, hours: 1000, planned: 100_000, start: '2000-01-01', end: '2100-12-31' })).toEqual({
      settings: { credits: 100, hours: 1000, planned: 100_000, start: '2000-01-01', end: '2100-12-31' },
    });
  });

  it('gives the page\'s form the same limits', () => {
    const draft = { mode: '', start: '', end: '', hours: '5000', credits: '2', planned: '', jjj: false };
    expect(readDraft(draft).errors).toEqual({ hours: '应在 0 到 1000 之间' });
  });
});

describe('error lines', () => {
  it('lists 300,000 unknown keys as a few and a count, in one line of at most 80 columns', () => {
    const keys = Array.from({ length: 300_000 }, (_, i) => `"未知字段${i}":1`).join(',');
    const line = errorLine(() => parseProjectSettings(`{${keys}}`));
    expect(line).toMatch(/^roster-check: 项目设置文件有误：不认识的字段 未知字段0.* 等 300000 项$/);
    expect(columns(line)).toBeLessThanOrEqual(LINE_COLUMNS);
    const profile = errorLine(() => profileFromJson(`{"extends":"national",${keys}}`));
    expect(profile).toMatch(/不认识的字段 .* 等 300000 项$/);
    expect(columns(profile)).toBeLessThanOrEqual(LINE_COLUMNS);
  });

  it('keeps a key with a line break or an escape sequence on the one line, shown escaped', () => {
    const line = errorLine(() => parseProjectSettings('{"a\\nb": 1, "\\u001b[2J": 1}'));
    expect(line).toBe('roster-check: 项目设置文件有误：不认识的字段 a\\x0ab、\\x1b[2J');
    expect(fewOf(['x'.repeat(1000)])).toBe(`${'x'.repeat(11)}…`);
    expect(fitColumns('学员通讯录学员通讯录', 9)).toBe('学员通讯…');
    expect(printable('名单\u202excsl.xlsx')).toBe('名单\\u202excsl.xlsx');
  });

  it('words a profile file\'s bad value and bad text in Chinese, never the parser\'s English', () => {
    expect(errorLine(() => profileFromJson('{"extends": "national",'))).toBe('roster-check: 校验方案文件的格式不对，无法读取；请用 --make-profile 重新生成，或按说明中的样例修改');
    const bad = errorLine(() => profileFromJson(JSON.stringify({ extends: 'national', shareRule: { min: 5 } })));
    expect(bad).toBe('roster-check: 校验方案文件有误，字段 shareRule.min：不能大于 1');
    expect(bad).not.toMatch(/[A-Z][a-z]+ /);
    const typed = errorLine(() => profileFromJson(JSON.stringify({ dictionaries: { title: { values: [3] } } })));
    expect(typed).toBe('roster-check: 校验方案文件有误，字段 dictionaries.title.values[0]：应为文字');
    expect(columns(typed)).toBeLessThanOrEqual(LINE_COLUMNS);
    expect(errorLine(() => profileFromJson(JSON.stringify({ attendeeRange: { max: 200_000 } })))).toBe('roster-check: 校验方案文件有误，字段 attendeeRange.max：不能大于 100000');
  });
});

describe('settings files as Windows writes them', () => {
  const json = '{"credits": 2, "mode": "面授"}';
  const utf16 = (s: string, le: boolean) => {
    const out = new Uint8Array(2 + 2 * s.length);
    out.set(le ? [0xff, 0xfe] : [0xfe, 0xff]);
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      out[2 + 2 * i + (le ? 0 : 1)] = c & 0xff;
      out[2 + 2 * i + (le ? 1 : 0)] = c >> 8;
    }
    return out;
  };
  it.each([
    ['UTF-8', new TextEncoder().encode(json)],
    ['UTF-8 with a byte order mark (Notepad)', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(json)])],
    ['UTF-16LE with a byte order mark (PowerShell 5.1 ">")', utf16(json, true)],
    ['UTF-16BE with a byte order mark', utf16(json, false)],
  ])('reads %s', (_, bytes) => {
    expect(parseProjectSettings(decodeTextFile(bytes))).toEqual({ credits: 2, mode: '面授' });
  });

  it('refuses text that is no settings file in Chinese', () => {
    expect(() => parseProjectSettings('credits=2')).toThrow(ProjectError);
    expect(errorLine(() => parseProjectSettings('credits=2'))).toMatch(/^roster-check: 项目设置文件的格式不对/);
  });
});
