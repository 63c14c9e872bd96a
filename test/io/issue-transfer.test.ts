// What the page shows of each issue is what the command line prints: the engine's replies, unpacked
// on the page's side, give the very issues of the engine (messages, fixes, values), after a load
// and after an edit.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { analyze, builtinProfile, todayIso, type Issue } from '../../src/lib/core/index';
import { readFile } from '../../src/lib/io/read';
import { EngineService } from '../../src/lib/worker/service';
import type { PageSettings, Reply } from '../../src/lib/worker/protocol';
import { received } from './page-replies';

const SETTINGS: PageSettings = { level: 'national', hostProvince: '北京市', practical: false };
const fx = (name: string) => new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

/** The engine's own issues of a file, as `roster-check --json` lists them (whole-roster ones first). */
function engineIssues(bytes: Uint8Array, edit?: { r: number; c: number; value: string }): Issue[] {
  const { roster } = analyze(readFile(bytes).workbook, builtinProfile('national'), { hostProvince: '北京市', practical: false, today: todayIso() });
  if (edit) roster.setCell(edit.r, edit.c, edit.value);
  return [...roster.eachIssue()];
}

async function loaded(name: string) {
  const replies: Reply[] = [];
  const service = new EngineService((r) => replies.push(r));
  const bytes = fx(name);
  await service.handle({ id: 1, type: 'load', name, bytes: bytes.slice().buffer, settings: SETTINGS, edits: [] });
  return { service, replies, bytes };
}

describe('issues from the engine to the page', () => {
  for (const name of ['planted-defects.xlsx', 'planted-defects-gbk.csv', 'planted-defects.xls']) {
    it(`are the engine's issues, message for message, once unpacked (${name})`, async () => {
      const { replies, bytes } = await loaded(name);
      // The whole-roster issues come with the summary, the rows' packed.
      const done = replies.find((r) => r.type === 'done');
      if (done?.type !== 'done') throw new Error('no done reply');
      const got = [...done.snapshot.rosterIssues, ...received(replies).issues];
      const want = engineIssues(bytes);
      expect(want.length).toBeGreaterThan(20);
      expect(got).toStrictEqual(want);
    });
  }

  it("after an edit, the edited rows' issues are the engine's for the edited roster", async () => {
    const { service, replies, bytes } = await loaded('planted-defects.xlsx');
    const page = received(replies);
    // Blank a name that has no issue yet: the row gains one.
    const c = page.meta.columns.findIndex((x) => x.canonical === '姓名');
    const r = page.rows.findIndex((row, i) => i >= page.meta.firstDataRow && row[c] && !page.issues.some((x) => x.row === i + 1 && x.column === '姓名'));
    replies.length = 0;
    await service.handle({ id: 2, type: 'edit', edit: { r, c, value: '' } });
    const edited = replies.find((x) => x.type === 'edited');
    if (edited?.type !== 'edited') throw new Error('no edited reply');
    (page.rows[r] as string[])[c] = '';
    page.store.replaceRows(edited.rows, edited.block);
    const after = edited.rows.flatMap((row) => page.store.handlesOf(row).map((h) => page.store.issue(h)));
    const want = engineIssues(bytes, { r, c, value: '' }).filter((i) => i.row !== null && edited.rows.includes(i.row - 1));
    expect(after.some((i) => i.row === r + 1 && i.column === '姓名')).toBe(true);
    expect(after).toStrictEqual(want);
  });
});

describe('the province chart while editing', () => {
  it('after any edits of provinces, IDs and names, counts what a fresh check of the edited roster counts', async () => {
    const bytes = fx('planted-defects.xlsx');
    const { located } = analyze(readFile(bytes).workbook, builtinProfile('national'), { hostProvince: '北京市', practical: false, today: todayIso() });
    const col = (name: string) => located.columns[name] as number;
    const rows = Array.from({ length: 12 }, (_, i) => located.firstDataRow + i);
    const anId = (r: number) => readFile(bytes).workbook.sheets[located.sheetIndex]!.rows[r]![col('证件号码')] ?? '';
    const edit = fc.oneof(
      fc.record({ r: fc.constantFrom(...rows), c: fc.constant(col('单位所在省份')), value: fc.constantFrom('', '河北', '河北省', '北京市', '外星', '  ') }),
      fc.record({ r: fc.constantFrom(...rows), c: fc.constant(col('证件号码')), value: fc.constantFrom(...rows.slice(0, 4).map(anId), '') }),
      fc.record({ r: fc.constantFrom(...rows), c: fc.constant(col('姓名')), value: fc.constantFrom('', '张三') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 8 }), async (edits) => {
        const { service, replies } = await loaded('planted-defects.xlsx');
        const fresh = analyze(readFile(bytes).workbook, builtinProfile('national'), { hostProvince: '北京市', practical: false, today: todayIso() }).roster;
        for (const [n, e] of edits.entries()) {
          await service.handle({ id: 10 + n, type: 'edit', edit: e });
          fresh.setCell(e.r, e.c, e.value);
        }
        const last = replies.filter((r) => r.type === 'edited').at(-1);
        if (last?.type !== 'edited') throw new Error('no edited reply');
        expect(last.snapshot.provinces).toEqual(fresh.provinceCounts());
      }),
      { numRuns: 40 },
    );
  });
});
