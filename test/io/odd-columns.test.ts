// Any column layout in the page's engine (issue #19): an extra column mid-roster, a column with
// neither header nor cells, and a header the profile does not know leave every column of the
// sheet in the page's meta, each still mapped where it is.
import { describe, expect, it } from 'vitest';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply } from '../../src/lib/worker/protocol';
import { HEADER, row } from '../unit/helpers';
import { received } from './page-replies';

const page: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };

function csv(rows: string[][]): ArrayBuffer {
  const b = new TextEncoder().encode(rows.map((r) => r.join(',')).join('\r\n'));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
}

/** The header and rows with extra cells inserted before the columns at `at` (indexes into HEADER). */
function widen(rows: string[][], at: number, cells: string[]): string[][] {
  return rows.map((r, i) => [...r.slice(0, at), i === 0 ? (cells[0] as string) : (cells[1] as string), ...r.slice(at)]);
}

async function load(rows: string[][]): Promise<ReturnType<typeof received>> {
  const replies: Reply[] = [];
  const service = new EngineService((r) => replies.push(r));
  await service.handle({ id: 1, type: 'load', name: 'r.csv', bytes: csv(rows), settings: page, edits: [] });
  const failure = replies.find((r) => r.type === 'error');
  if (failure) throw new Error(JSON.stringify(failure));
  return received(replies);
}

describe('the page sees every column of the sheet', () => {
  it('keeps an extra 科室 column, a blank column and an unknown header in place, each known column where it is', async () => {
    let rows = [HEADER, row(), row({ 职称: '中级' })];
    rows = widen(rows, 6, ['科室', '心内科']);
    rows = widen(rows, 9, ['', '']);
    rows = widen(rows, 13, ['微信号', 'wx1']);
    const { meta, issues } = await load(rows);
    expect(meta.columns.map((c) => c.index)).toEqual([...Array(16).keys()]);
    expect(meta.columns.map((c) => c.header)).toEqual(rows[0]);
    expect(meta.columns[6]).toEqual({ index: 6, header: '科室', canonical: null });
    expect(meta.columns[9]).toEqual({ index: 9, header: '', canonical: null });
    expect(meta.columns[13]).toEqual({ index: 13, header: '微信号', canonical: null });
    // A dictionary column carries its list of allowed values (the editor's list).
    expect(meta.columns[10]).toEqual({ index: 10, header: '职称', canonical: '职称', list: expect.arrayContaining(['主治医师', '副主任医师']) });
    expect(issues).toContainEqual(expect.objectContaining({ row: 3, column: '职称', rule: 'dictionary' }));
  });

  it('shows cells beyond the last header as columns too', async () => {
    const { meta } = await load([HEADER, row(), [...row(), '', '备注写在表头外']]);
    expect(meta.columns).toHaveLength(HEADER.length + 2);
    expect(meta.columns.at(-1)).toEqual({ index: HEADER.length + 1, header: '', canonical: null });
  });

  it('keeps a repeated header as a column of its own', async () => {
    const { meta } = await load([[...HEADER, '手机号码'], [...row(), '13900000000']]);
    expect(meta.columns.filter((c) => c.header === '手机号码').map((c) => c.canonical)).toEqual(['手机号码', null]);
  });
});
