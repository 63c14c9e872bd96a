// The page's engine loads SheetJS's code-page table only when a file needs it (an .xls: older
// versions store text in the file's code page; io/read.ts, prepareRead). This file imports the
// page's engine alone, without the command line's flow that installs the table up front, so the
// roster below is read exactly as the page reads it.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply } from '../../src/lib/worker/protocol';

const fixture = (name: string) => {
  const b = readFileSync(fileURLToPath(new URL(`../fixtures/hostile/${name}`, import.meta.url)));
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const settings: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };

it.each(['biff5-cp936.xls', 'biff2-cp936.xls'])('the page reads %s (Excel 95 and older, in GBK) as the clean roster it holds', async (name) => {
  const replies: Reply[] = [];
  const service = new EngineService((r) => replies.push(r));
  await service.handle({ id: 1, type: 'load', name, bytes: fixture(name), settings, edits: [] });
  const done = replies.find((r): r is Extract<Reply, { type: 'done' }> => r.type === 'done');
  expect(replies.find((r) => r.type === 'error')).toBeUndefined();
  expect(done?.snapshot.summary).toMatchObject({ attendees: 60, errors: 0, warnings: 0 });
});
