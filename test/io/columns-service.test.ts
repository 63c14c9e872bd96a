// The page's engine and the 核对列 panel: proposals worked out in the engine, and a re-check with
// the user's matches that keeps the edits.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply, RosterMeta } from '../../src/lib/worker/protocol';
import { received } from './page-replies';

const HEADER = ['序号', '姓名', '性别', '证件类型', '证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '联系方式', '电子邮箱'];
const ROW = ['1', '张三', '男', '居民身份证', '110101199003070011', '北京协和医院', '北京市', '否', '主治医师', '大学本科', '临床内科学', '13812345678', 'zhang@example.com'];
const settings: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };

function bytes(): ArrayBuffer {
  const rows = [HEADER, ...[0, 1, 2, 3].map((i) => ROW.map((v, c) => (c === 11 ? (i === 2 ? '1381234567' : `1381234567${i}`) : c === 1 ? `学员${i}` : c === 4 ? ['110101199003070011', '110101199003070038', '110101199003070054', '110101199003070070'][i] as string : v)))];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '学员通讯录');
  return (XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
}

const metaOf = (replies: Reply[]): RosterMeta => {
  const m = replies.filter((r) => r.type === 'meta').pop();
  if (m?.type !== 'meta') throw new Error('no meta');
  return m.meta;
};

describe('the engine\'s column matching', () => {
  it('proposes 联系方式 for 手机号码, and checks it as such once matched, edits kept', async () => {
    const replies: Reply[] = [];
    const service = new EngineService((r) => replies.push(r));
    await service.handle({ id: 1, type: 'load', name: '名单.xlsx', bytes: bytes(), settings, edits: [{ r: 1, c: 1, value: '李四' }] });
    const before = metaOf(replies).columnMatch;
    expect(before.needed).toBe(true);
    expect(before.unknown).toBe(true);
    expect(before.columns.find((c) => c.column === '手机号码')).toMatchObject({ index: null, proposed: 11, proposedBy: 'content' });
    expect(before.samples[11]).toEqual(['13812345670', '13812345671', '1381234567']);
    expect(received(replies).issues.filter((i) => i.column === '手机号码' && i.row !== null && i.row > 1)).toEqual([]);

    replies.length = 0;
    await service.handle({ id: 2, type: 'columns', columns: { 11: '手机号码' } });
    const after = metaOf(replies).columnMatch;
    expect(after.needed).toBe(false);
    expect(after.mapping).toEqual({ 11: '手机号码' });
    expect(after.columns.find((c) => c.column === '手机号码')).toMatchObject({ index: 11, by: 'user' });
    const issues = received(replies).issues;
    expect(issues.filter((i) => i.column === '手机号码' && i.row === 4)).toEqual([expect.objectContaining({ rule: 'phone.format', severity: 'error' })]);
    expect(issues.some((i) => i.row === 2 && i.value === '李四')).toBe(false);
  });
});
