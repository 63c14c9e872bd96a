import { describe, expect, it } from 'vitest';
import { ambiguousMessage, manifestDate, matchManifest, parseManifestRows, serialToIso, type ManifestEntry } from '../../src/lib/io/manifest';

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
      { file: '名单.xlsx', path: '科室/名单.xlsx', row: 3, name: '高血压', level: '国家级', problems: [], project: { mode: '面授+远程', start: '2026-03-10', end: '2026-03-11', hours: 12, credits: 4, planned: 80, jjj: false, practical: false } },
      { file: 'b.xlsx', path: 'b.xlsx', row: 4, name: '', level: null, project: null, problems: ['结束日期 2026-03-11 早于开始日期 2026-03-12', '学时“三”不是数字', '举办形式“线上”应为 面授、远程 或 面授+远程'] },
    ]);
  });

  it('refuses the numbers and years --project and the page\'s form refuse, naming the column (never "Infinity 学分")', () => {
    const rows = [
      ['文件', '开始日期', '结束日期', '学时', '学分', '计划人数'],
      ['a.xlsx', '2026-03-10', '2026-03-10', 1e300, 2, 60],
      ['b.xlsx', '1999-03-10', '2026-03-10', 3, 101, 200_000],
    ];
    expect(parseManifestRows(rows).map((e) => [e.project, e.problems])).toEqual([
      [null, ['学时应在 0 到 1000 之间']],
      [null, ['开始日期年份应在 2000 到 2100 之间', '学分应在 0 到 100 之间', '计划人数应在 0 到 100000 之间']],
    ]);
  });

  it('names the columns a manifest lacks', () => {
    expect(() => parseManifestRows([['文件', '开始日期', '结束日期']])).toThrow('项目清单缺少 “学时”、“学分” 列');
  });

  it('matches a row to a file by its path, and reports a bare name that fits two files instead of picking one', () => {
    const entry = (row: number, cell: string): ManifestEntry => {
      const [e] = parseManifestRows([['文件', '开始日期', '结束日期', '学时', '学分'], [cell, '2026-03-10', '2026-03-10', 3, 1]]);
      return { ...(e as ManifestEntry), row };
    };
    const files = ['/data/2026/内科/名单.xlsx', '/data/2026/外科/名单.xlsx', 'C:\\data\\儿科\\心电图.xlsx', '/data/科室.zip/麻醉科/名单.csv'];
    const m = matchManifest([entry(2, '内科\\名单.xlsx'), entry(3, '名单.xlsx'), entry(4, '心电图.xlsx'), entry(5, '科/名单.xlsx'), entry(6, '麻醉科/名单.csv'), entry(7, './儿科/心电图.xlsx')], files);
    expect(m.entryOf.map((e) => e?.row ?? null)).toEqual([2, null, 4, 6]);
    // "科/名单.xlsx" is not the end of "内科/名单.xlsx": folders are compared whole.
    expect(m.missing.map((e) => e.row)).toEqual([5]);
    expect(m.ambiguous.map((a) => [a.entry.row, a.files])).toEqual([[3, ['/data/2026/内科/名单.xlsx', '/data/2026/外科/名单.xlsx']]]);
    expect(ambiguousMessage(m.ambiguous[0]!)).toBe(
      '项目清单第 3 行的“名单.xlsx”对应 2 个文件（/data/2026/内科/名单.xlsx；/data/2026/外科/名单.xlsx），无法确定是哪一个：请在“文件”列写上所在的文件夹，如“内科/名单.xlsx”',
    );
    // The same file named again: the first row counts, and the second is noted.
    expect(m.notes).toEqual([{ row: 7, file: '儿科/心电图.xlsx', message: '“儿科/心电图.xlsx”在项目清单中出现了不止一次，以第 4 行为准' }]);
  });
});
