import { describe, expect, it } from 'vitest';
import { manifestDate, parseManifestRows, serialToIso } from '../../src/lib/io/manifest';

describe('the batch manifest', () => {
  it('reads Excel date serials in both date systems, never a display text', () => {
    expect(serialToIso(46091)).toBe('2026-03-10');
    expect(serialToIso(46091.75)).toBe('2026-03-10');
    expect(serialToIso(44629, true)).toBe('2026-03-10');
    expect(manifestDate('2026年3月10日')).toBe('2026-03-10');
    expect(manifestDate('3/10/26')).toBeNull();
    expect(manifestDate('2026-02-30')).toBeNull();
  });

  it('gives each row the project settings shape of --project, with a sentence for each cell it cannot use', () => {
    const rows = [
      ['学员通讯录项目清单'],
      ['文件', '项目名称', '开始日期', '结束日期', '学时', '学分', '举办形式', '计划人数（人）', '项目级别'],
      ['科室\\名单.xlsx', '高血压', 46091, '2026-03-11', 12, '４', '面授＋远程', 80, '国家级'],
      ['b.xlsx', '', '2026-03-12', '2026-03-11', '三', 1, '线上', '', ''],
    ];
    expect(parseManifestRows(rows)).toEqual([
      { file: '名单.xlsx', row: 3, name: '高血压', level: '国家级', problems: [], project: { mode: '面授+远程', start: '2026-03-10', end: '2026-03-11', hours: 12, credits: 4, planned: 80, jjj: false, practical: false } },
      { file: 'b.xlsx', row: 4, name: '', level: null, project: null, problems: ['结束日期 2026-03-11 早于开始日期 2026-03-12', '学时“三”不是数字', '举办形式“线上”应为 面授、远程 或 面授+远程'] },
    ]);
  });

  it('names the columns a manifest lacks', () => {
    expect(() => parseManifestRows([['文件', '开始日期', '结束日期']])).toThrow('项目清单缺少 “学时”、“学分” 列');
  });
});
