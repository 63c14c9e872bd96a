// Rule `format`: a formatting slip with one certain correction (full-width digits and letters,
// lower-case x, spaces including U+3000 and NBSP, zero-width characters, a +86 prefix). Raised by
// the checkers of several column kinds on their way; this module owns its name and its shape.
import type { Issue } from '../types';
import { issue } from './context';
import { defineRule } from './rule';

export const rule = defineRule({
  scope: 'shared',
  info: [{ id: 'format', name: '多余空格、全角字符等（可自动修正）', description: '全角数字和字母、小写 x、空格和看不见的字符等，可自动修正为系统接受的写法', severity: 'warning' }],
});

export function formatIssue(row: number, column: string, value: string, message: string, fix: string): Issue {
  return issue('format', 'warning', row, column, value, message, fix);
}
