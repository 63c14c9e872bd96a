// Rule messages quote at most a short prefix of a long value (core/quote.ts, applied to every
// issue in rules/context.ts): the page, the report and the command line never show a
// 32,767-character value inside a message, while the value and the fix stay whole.
import { describe, expect, it } from 'vitest';
import { MESSAGE_MAX, QUOTE_MAX, shortMessage } from '../../src/lib/core/quote';
import { HEADER, check, row } from './helpers';

const EXCEL_MAX = 32_767;
const NOTE = /…（共 \d+ 个字符）/;

describe('messages of long values', () => {
  it('quote a short prefix of every 32,767-character cell, whatever the column', () => {
    const long = (ch: string) => ch.repeat(EXCEL_MAX);
    const header = [...HEADER, '备注'];
    const cells = [
      row({ 姓名: ` ${long('张')}` }),
      row({ 工作单位: `${long('院').slice(1)} ` }),
      row({ 职称: long('职') }),
      row({ 单位所在省份: long('省') }),
      row({ 电子邮箱: long('a') }),
      row({ 手机号码: long('8') }),
      row({ 证件号码: long('1') }),
      [...row({ 序号: `=${long('1').slice(1)}` }), `\u202e${long('x').slice(1)}`],
      row({ 姓名: `\u202e${long('李').slice(1)}` }),
    ];
    const { issues } = check(cells, { header });
    const long_ = issues.filter((i) => i.value.length >= EXCEL_MAX - 1);
    // Each planted cell raised something, and no message carries the value.
    expect(new Set(long_.map((i) => i.row)).size).toBe(cells.length);
    for (const i of issues) {
      expect(i.message.replace(NOTE, '').length, `${i.rule}: ${i.message.slice(0, 60)}`).toBeLessThanOrEqual(MESSAGE_MAX);
      for (const [, quoted] of i.message.matchAll(/“([^”]*)”/g)) expect((quoted as string).replace(NOTE, '').length).toBeLessThanOrEqual(QUOTE_MAX);
    }
    // The fix of a long name is whole: it is data, not words.
    const name = issues.find((i) => i.row === 2 && i.column === '姓名');
    expect(name).toMatchObject({ rule: 'format', fix: long('张'), message: `姓名中有多余的空格或不可见字符，应为“${'张'.repeat(QUOTE_MAX)}…（共 ${EXCEL_MAX} 个字符）”` });
    const bidi = issues.find((i) => i.row === 10 && i.rule === 'text.invisible');
    expect(bidi?.fix).toHaveLength(EXCEL_MAX - 1);
    expect(bidi?.message).toBe(`单元格中有看不见的改变文字显示方向的控制符，删去后应为“${'李'.repeat(QUOTE_MAX)}…（共 ${EXCEL_MAX - 1} 个字符）”`);
  });

  it('leaves short messages as they are', () => {
    const m = '“副主任医生”不是字典值，应为“副主任医师”';
    expect(shortMessage(m)).toBe(m);
    const { issues } = check([row({ 职称: '副主任医生' })]);
    expect(issues.find((i) => i.rule === 'dictionary')?.message).toBe(m);
  });

  it('is idempotent', () => {
    const m = `“${'x'.repeat(1000)}”不是字典值`;
    expect(shortMessage(shortMessage(m))).toBe(shortMessage(m));
  });
});
