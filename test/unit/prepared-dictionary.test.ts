import { describe, expect, it } from 'vitest';
import { prepareDictionary } from '../../src/lib/core/rules/context';

describe('prepared dictionaries (kept for the next roster of a batch)', () => {
  it('are prepared again when the dictionary no longer holds what it held', () => {
    const d = { values: ['中级', '高级'], slips: { 中級: '中级' } as Record<string, string>, vague: {} as Record<string, string> };
    const first = prepareDictionary(d);
    expect(prepareDictionary(d)).toBe(first);
    d.values.push('初级');
    d.slips['高級'] = '高级';
    const again = prepareDictionary(d);
    expect(again.values.has('初级')).toBe(true);
    expect(again.slips.get('高級')).toBe('高级');
    d.slips['高級'] = '中级';
    expect(prepareDictionary(d).slips.get('高級')).toBe('中级');
  });
});
