// Rule `required`: a required cell of an attendee's row is empty.
import type { Issue } from '../types';
import { issue } from './context';

export function requiredIssue(column: string, row: number, value: string, extra = ''): Issue {
  return issue('required', 'error', row, column, value, `${column}为必填项，请补充${extra}`);
}
