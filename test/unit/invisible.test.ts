// Rule `text.invisible`: control characters, bidirectional controls and variation selectors in
// cells are one fixable warning per cell, whose fix removes them (and never a second fix from the
// `format` rule for the same cell).
import { describe, expect, it } from 'vitest';
import { applyFixes } from '../../src/lib/core/index';
import { showHidden, stripInvisible } from '../../src/lib/core/normalize';
import { HEADER, cellIssues, check, row, workbook } from './helpers';

const ID = '110101199003070011';
const fixesOf = (rows: string[][], opts = {}) => check(rows, opts).roster.fixes();

describe('text.invisible', () => {
  it.each([
    ['a right-to-left override', '张\u202e三', '改变文字显示方向的控制符'],
    ['an LRM and an RLM', '\u200e张三\u200f', '改变文字显示方向的控制符'],
    ['an isolate pair', '\u2067张三\u2069', '改变文字显示方向的控制符'],
    ['a NUL', '张三\u0000', '控制字符'],
    ['an escape and a C1 control', '张\u001b三\u0085', '控制字符'],
    ['a variation selector', '张\ufe0f三', '异体字选择符'],
    ['an ideographic variation selector (supplementary plane)', '张\u{e0100}三', '异体字选择符'],
    ['a tag character (supplementary plane)', '张\u{e0041}三', '控制字符'],
  ])('flags %s in a name, with one fix that removes it', (_what, name, words) => {
    const { issues, roster } = check([row({ 姓名: name })]);
    expect(cellIssues(issues)).toEqual([
      { rule: 'text.invisible', severity: 'warning', row: 2, column: '姓名', value: name, message: `单元格中有看不见的${words}，删去后应为“张三”`, fix: '张三' },
    ]);
    expect(roster.fixes()).toEqual([{ row: 2, column: '姓名', from: name, to: '张三', reason: expect.any(String) }]);
    // As it will be exported: nothing left.
    expect(roster.summary().afterFixes).toEqual({ errors: 0, warnings: 0 });
  });

  it('names every kind it finds', () => {
    const { issues } = check([row({ 姓名: '\u0000张\u202e三\ufe0e' })]);
    expect(cellIssues(issues)[0]?.message).toBe('单元格中有看不见的控制字符、改变文字显示方向的控制符、异体字选择符，删去后应为“张三”');
  });

  it('folds a format slip of the same cell into its one fix', () => {
    const name = ' 张\u202e 三\u3000';
    const { issues, roster } = check([row({ 姓名: name })]);
    expect(cellIssues(issues)).toEqual([expect.objectContaining({ rule: 'text.invisible', fix: '张三', message: '单元格中有看不见的改变文字显示方向的控制符，还有多余的空格或全角字符等，一并修正后应为“张三”' })]);
    expect(roster.fixes()).toHaveLength(1);
  });

  it('removes them from an ID and a phone number, which are then checked as what they hold', () => {
    const id = `\u202d${ID.slice(0, 9)}\u200f${ID.slice(9)}`;
    const phone = '138\u00001234\u202e5678';
    const { issues, roster } = check([row({ 证件号码: id, 手机号码: phone })]);
    expect(cellIssues(issues)).toEqual([
      expect.objectContaining({ rule: 'text.invisible', column: '证件号码', fix: ID }),
      expect.objectContaining({ rule: 'text.invisible', column: '手机号码', fix: '13812345678' }),
    ]);
    expect(roster.fixes().map((f) => f.to)).toEqual([ID, '13812345678']);
    // The ID is the same person as the clean one: a duplicate, not a second attendee.
    const two = check([row({ 证件号码: id }), row()]);
    expect(two.summary.attendees).toBe(1);
    expect(two.issues.map((i) => i.rule)).toContain('id.duplicate');
  });

  it('still reports what is wrong with the value itself, with its one fix', () => {
    const { issues } = check([row({ 证件号码: `${ID.slice(0, 17)}9\u202e` })]);
    expect(cellIssues(issues).map((i) => [i.rule, i.fix])).toEqual([
      ['text.invisible', ID.slice(0, 17) + '9'],
      ['id.checksum', null],
    ]);
  });

  it('leaves a dictionary slip or a 15-digit ID its own fix, which removes them too: one fix per cell', () => {
    const { issues, roster } = check([row({ 职称: '副主任医生\u202e', 证件号码: '110101900307001\u0000' })]);
    const cells = cellIssues(issues);
    expect(cells.filter((i) => i.fix !== null).map((i) => [i.rule, i.column, i.fix])).toEqual([
      ['id.legacy', '证件号码', '110101199003070011'],
      ['dictionary', '职称', '副主任医师'],
    ]);
    expect(cells.filter((i) => i.rule === 'text.invisible').map((i) => i.message)).toEqual([
      '单元格中有看不见的控制字符，采用这一格的修正时一并删去',
      '单元格中有看不见的改变文字显示方向的控制符，采用这一格的修正时一并删去',
    ]);
    const fixes = roster.fixes();
    expect(new Set(fixes.map((f) => `${f.row}:${f.column}`)).size).toBe(fixes.length);
  });

  it('flags a cell of a free-text column and of a column the template does not know', () => {
    const header = [...HEADER, '备注'];
    const { issues } = check([[...row({ 序号: '1\u202e' }), '见\u0007附件']], { header });
    const found = issues.filter((i) => i.rule === 'text.invisible');
    expect(found).toEqual([
      expect.objectContaining({ column: '序号', fix: '1' }),
      // Kept as it is: a column the template does not know has no fix.
      expect.objectContaining({ column: null, value: '见\u0007附件', fix: null, message: '单元格中有看不见的控制字符，请在原表中删去' }),
    ]);
  });

  it('treats a cell of nothing but hidden characters as empty, and proposes to empty it', () => {
    const { issues, roster } = check([row({ 姓名: '\u202e\u0000' })]);
    expect(cellIssues(issues).map((i) => [i.rule, i.fix])).toEqual([
      ['text.invisible', ''],
      ['required', null],
    ]);
    expect(cellIssues(issues)[0]?.message).toBe('单元格中有看不见的控制字符、改变文字显示方向的控制符，删去后单元格为空');
    // A row of nothing but hidden characters is no attendee.
    expect(check([HEADER.map(() => '\u202e')]).summary.rows).toBe(0);
    expect(roster.summary().attendees).toBe(1);
  });

  it('leaves zero-width characters alone a format slip, as before', () => {
    const { issues } = check([row({ 姓名: '张三\u200b' })]);
    expect(cellIssues(issues)).toEqual([expect.objectContaining({ rule: 'format', fix: '张三' })]);
  });

  it('applies the fix: the corrected roster checks clean', () => {
    const rows = [HEADER, row({ 姓名: '李\u202e四', 证件号码: `${ID}\u200e` })];
    const first = check(rows.slice(1));
    const fixed = applyFixes(workbook(rows).sheets[0]!, first.located, first.roster.fixes());
    expect(fixed.skipped).toEqual([]);
    expect(cellIssues(check(fixed.sheet.rows.slice(1)).issues)).toEqual([]);
  });

  it('costs one pass over an Excel-sized cell', () => {
    const long = `${'张'.repeat(32_000)}\u202e${'三'.repeat(700)}`;
    const fixes = fixesOf([row({ 姓名: long })]);
    expect(fixes).toHaveLength(1);
    expect(fixes[0]?.to).toBe(long.replace('\u202e', ''));
  });
});

describe('which characters are removed', () => {
  it('removes exactly the documented code units (and a plane-14 pair whole), and keeps everything else', () => {
    // Independent of normalize.ts: the list of its doc comment.
    const documented = (c: number) =>
      (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d) || (c >= 0x7f && c <= 0x9f) || c === 0xad || c === 0x061c ||
      (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || c === 0x2060 || (c >= 0x2066 && c <= 0x2069) ||
      (c >= 0xfe00 && c <= 0xfe0f) || c === 0xfeff;
    const wrong: string[] = [];
    for (let c = 0; c < 0x10000; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const s = `a${String.fromCharCode(c)}b`;
      if ((stripInvisible(s) === 'ab') !== documented(c)) wrong.push(c.toString(16));
    }
    expect(wrong).toEqual([]);
    expect(stripInvisible('a\u{e0100}b\u{e0041}c\u{1f600}')).toBe('abc\u{1f600}');
  });
});

describe('showHidden (what the page shows of a value)', () => {
  it('shows every character the fix removes as a visible mark, so a right-to-left override cannot reverse what the user reads', () => {
    expect(showHidden('\u202E三张')).toBe('□三张');
    expect(showHidden('1101\u200B0119900307\u0000002X')).toBe('1101□0119900307□002X');
    // A tag character (a pair of code units) is one mark.
    expect(showHidden('张\uDB40\uDC41三')).toBe('张□三');
    expect(showHidden('张三')).toBe('张三');
    // As many marks as the fix removes characters.
    const value = '王\u2066五\u2069\uFE0F';
    expect(showHidden(value).replaceAll('□', '')).toBe(stripInvisible(value));
  });
});
