// The page's engine with an official template: derive its profile, then check a roster with it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { profileFromJson } from '../../src/lib/core/index';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply } from '../../src/lib/worker/protocol';
import { received } from './page-replies';

const fx = (name: string) => {
  const b = readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};

function engine() {
  const replies: Reply[] = [];
  return { service: new EngineService((r) => replies.push(r)), replies };
}

describe('the engine with an official template', () => {
  it('answers a template with its profile and a summary of columns and list sizes', async () => {
    const { service, replies } = engine();
    await service.handle({ id: 1, type: 'template', name: '模板.xlsx', bytes: fx('template-blank.xlsx'), level: 'national' });
    const reply = replies.find((r) => r.type === 'template');
    if (reply?.type !== 'template') throw new Error('no template reply');
    expect(reply.summary).toMatchObject({ fileName: '模板.xlsx', sheetName: '学员通讯录', headerRow: 2, added: ['培训方式'], dropped: ['电子邮箱'] });
    expect(reply.summary.columns.find((c) => c.label === '职称')).toEqual({ label: '职称', builtin: '职称', required: true, listSize: 11, fromTemplate: true });
    expect(reply.summary.columns.find((c) => c.label === '所在学科')).toMatchObject({ listSize: 24, fromTemplate: false });
    expect(reply.summary.notes.some((n) => n.startsWith('“职称”的下拉列表与内置字典不同'))).toBe(true);
  });

  it('checks a roster with the template\'s lists once the page sends the profile with its settings', async () => {
    const { service, replies } = engine();
    await service.handle({ id: 1, type: 'template', name: '模板.xlsx', bytes: fx('template-blank.xlsx'), level: 'national' });
    const t = replies.find((r) => r.type === 'template');
    if (t?.type !== 'template') throw new Error('no template reply');
    const settings: PageSettings = { level: 'national', hostProvince: '北京市', practical: false, templateProfile: t.profile };
    await service.handle({ id: 2, type: 'load', name: 'filled.xlsx', bytes: fx('template-filled.xlsx'), settings, edits: [] });
    const meta = replies.find((r) => r.type === 'meta');
    expect(meta?.type === 'meta' && meta.meta.profileName).toContain('官方模板');
    const titles = received(replies).issues.filter((i) => i.column === '职称');
    expect(titles.map((i) => i.value)).toEqual(['主任药师']);
  });

  it('applies a template derived for a national project to a municipal one with the municipal rules', async () => {
    const { service, replies } = engine();
    await service.handle({ id: 1, type: 'template', name: '模板.xlsx', bytes: fx('template-blank.xlsx'), level: 'national' });
    const t = replies.find((r) => r.type === 'template');
    if (t?.type !== 'template') throw new Error('no template reply');
    const municipal = profileFromJson(t.profile, { base: 'beijing' });
    expect(municipal.columns.find((c) => c.name === '单位所在省份')?.required).toBe(false);
    expect(municipal.shareRule.enabled).toBe(false);
    expect(municipal.dictionaries['title']?.values).toContain('其他卫生技术人员');
  });

  it('answers a file that is no template with one Chinese sentence', async () => {
    const { service, replies } = engine();
    await service.handle({ id: 1, type: 'template', name: 'x.csv', bytes: fx('clean-gbk.csv'), level: 'national' });
    expect(replies).toEqual([{ id: 1, type: 'error', kind: 'not-spreadsheet', message: expect.stringMatching(/^这不是 Excel 格式的模板/) }]);
  });
});
