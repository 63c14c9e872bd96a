import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { BATCH, makeBatch, makeManifests } from '../../scripts/make-batch.mjs';
import { zipFile } from '../../scripts/zip.mjs';

const root = new URL('../../', import.meta.url).pathname;
const cli = join(root, 'dist-cli/roster-check.mjs');

interface Plan {
  dir: string;
  sameDay: { id: string; name: string; credits: number }[];
  alsoInEmergency: string[];
  sessionShared: string[];
  disagree: { id: string; column: string; from: string; to: string; row: number; row2: number }[];
}
interface FileOut {
  file: string;
  project?: { name: string; credits: number };
  error?: string;
  summary?: { attendees: number; errors: number };
  issues?: { rule: string; severity: string; row: number | null; column: string | null; message: string }[];
}
interface Occ { file: string; row: number }
interface BatchOut {
  files: FileOut[];
  batch: {
    files: number;
    readable: number;
    people: number;
    duplicates: { id: string; names: string[]; occurrences: Occ[] }[];
    sameDay: { id: string; name: string; date: string; credits: number; files: string[]; occurrences: Occ[] }[];
    manifest?: {
      missingFiles: { row: number; file: string }[];
      ambiguous: { row: number; file: string; files: string[] }[];
      unlisted: string[];
      problems: { row: number; file: string; message: string }[];
    };
  };
  merge?: {
    rosters: number;
    people: number;
    disagreements: { id: string; column: string; kept: { file: string; row: number; value: string }; other: { file: string; row: number; value: string } }[];
    errors: number | null;
  };
}

let plan: Plan;
let work: string;
const at = (name: string) => join(plan.dir, name);

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [cli, '--batch', ...args], { encoding: 'utf8', timeout: 60_000, maxBuffer: 1 << 28 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (...args: string[]) => {
  const r = run('--json', ...args);
  return { ...r, out: JSON.parse(r.stdout) as BatchOut };
};
const named = (out: BatchOut, name: string) => out.files.find((f) => f.file.endsWith(`/${name}`));

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'rc-batch-'));
  plan = makeBatch(join(work, 'batch/')) as Plan;
  makeManifests(`${work}/`);
});

describe('roster-check --batch', () => {
  it('finds people credited more than 2 credits on one day, as an error in every file concerned', () => {
    const { code, out } = json('--manifest', join(work, 'batch-manifest.xlsx'), plan.dir);
    expect(code).toBe(1);
    expect(out.batch).toMatchObject({ files: 8, readable: 6 });
    expect(out.batch.sameDay.map((s) => [s.id, s.name, s.date, s.credits])).toEqual(
      expect.arrayContaining(plan.sameDay.map((p) => [p.id, p.name, '2026-03-11', p.credits])),
    );
    expect(out.batch.sameDay).toHaveLength(plan.sameDay.length);
    const four = out.batch.sameDay.find((s) => s.credits === 4);
    expect(four?.files.map((f) => f.split('/').pop()).sort()).toEqual([BATCH.zipped, BATCH.nursing, BATCH.cardio].sort());
    expect(four?.occurrences).toContainEqual({ file: expect.stringContaining(`${BATCH.zip}/${BATCH.zipped}`), row: expect.any(Number) });

    const cardio = named(out, BATCH.cardio);
    const daily = cardio?.issues?.filter((i) => i.rule === 'batch.daily') ?? [];
    expect(daily.map((i) => i.row)).toEqual(plan.sameDay.map((_, i) => BATCH.firstRow + i));
    expect(daily[0]).toMatchObject({ severity: 'error', column: '证件号码', message: expect.stringMatching(/2026-03-11.*当天共 4 学分，超过每人每天 2 学分/) });
    expect(cardio?.summary?.errors).toBe(10);
    expect(named(out, BATCH.nursing)?.issues?.filter((i) => i.rule === 'batch.daily')).toHaveLength(10);
    expect(named(out, BATCH.zipped)?.issues?.filter((i) => i.rule === 'batch.daily')).toHaveLength(2);
    // Another day: a duplicate, never an error.
    expect(named(out, BATCH.emergency)?.summary?.errors).toBe(0);
  });

  it('notes people found in several rosters with every file and row', () => {
    const { out } = json(plan.dir);
    const byId = new Map(out.batch.duplicates.map((d) => [d.id, d]));
    for (const id of plan.alsoInEmergency) {
      expect(byId.get(id)?.occurrences.map((o) => o.file.split('/').pop()).sort()).toEqual([BATCH.emergency, BATCH.cardio].sort());
    }
    const renamed = plan.disagree.find((d) => d.column === '姓名');
    expect(byId.get(renamed?.id ?? '')?.names).toEqual([renamed?.from, renamed?.to]);
    expect(out.batch.duplicates).toHaveLength(10 + 5 + 30);
    // Without a manifest no roster has dates: nothing can be added up per day.
    expect(out.batch.sameDay).toEqual([]);
  });

  it('lists unreadable files and a zip inside the zip with their reason, and reads the rest', () => {
    const { out, stderr } = json(plan.dir);
    expect(named(out, BATCH.broken)?.error).toContain('文件已损坏或不完整');
    expect(named(out, BATCH.nested)?.error).toContain('压缩包中又套了压缩包');
    expect(named(out, BATCH.zipped)?.summary?.attendees).toBe(60);
    expect(stderr).toContain(`${BATCH.broken}：文件已损坏或不完整`);
  });

  it('reports manifest rows naming no file and files the manifest does not list, the same from .xlsx and .csv', () => {
    const x = json('--manifest', join(work, 'batch-manifest.xlsx'), plan.dir).out;
    const c = json('--manifest', join(work, 'batch-manifest.csv'), plan.dir).out;
    expect(x.batch.manifest?.missingFiles).toEqual([{ row: 8, file: BATCH.missing }]);
    expect(x.batch.manifest?.unlisted.map((f) => f.split('/').pop())).toEqual([BATCH.emergency]);
    expect(x.batch.manifest?.problems).toEqual([]);
    expect(x.batch.manifest?.ambiguous).toEqual([]);
    expect(c.batch).toEqual(x.batch);
    expect(named(x, BATCH.nursing)).toMatchObject({ project: { name: '静脉治疗护理规范', level: '市级', start: '2026-03-11', end: '2026-03-11', hours: 3, credits: 1, mode: '面授', planned: 60 } });
  });

  it('refuses a manifest date it cannot read as a date, saying how to write it', () => {
    const m = join(work, 'bad-manifest.csv');
    writeFileSync(m, `文件,项目名称,开始日期,结束日期,学时,学分\n${BATCH.cardio},高血压,3/10/26,2026-03-11,12,4\n${BATCH.nursing},静脉,2026-03-11,2026-03-11,3,一\n`);
    const { out } = json('--manifest', m, at(BATCH.cardio), at(BATCH.nursing));
    expect(out.batch.manifest?.problems).toEqual([
      { row: 2, file: BATCH.cardio, message: '开始日期“3/10/26”无法识别，请写成 2026-03-10 的形式' },
      { row: 3, file: BATCH.nursing, message: '学分“一”不是数字' },
    ]);
    expect(out.batch.sameDay).toEqual([]);
  });

  it('writes a batch report an office can sort and print', () => {
    const report = join(work, '汇总.xlsx');
    const r = run('--manifest', join(work, 'batch-manifest.xlsx'), '--batch-report', report, plan.dir);
    expect(r.code).toBe(1);
    const wb = XLSX.read(readFileSync(report), { type: 'buffer', cellStyles: true });
    expect(wb.SheetNames).toEqual(['汇总', '跨文件重复', '全部问题']);
    const rows = (n: string) => XLSX.utils.sheet_to_json<string[]>(wb.Sheets[n] as XLSX.WorkSheet, { header: 1, defval: '' });
    const summary = rows('汇总');
    expect(summary[0]?.slice(0, 9)).toEqual(['文件', '项目名称', '学员', '外省', '基层', '占比', '错误', '警告', '结论']);
    const line = (name: string) => summary.find((l) => String(l[0]).endsWith(name));
    expect(line(BATCH.cardio)?.slice(1, 3)).toEqual(['高血压诊疗新进展', 60]);
    expect(line(BATCH.cardio)?.[8]).toBe('需修改');
    // A CSV without errors: its content is right, but upload systems take Excel files.
    expect(line(BATCH.emergency)?.[8]).toBe('导出后可以上传');
    expect(line(BATCH.emergency)?.[9]).toBe('内容无误：请导出为 Excel 文件或复制到官方模板后上传');
    expect(line(BATCH.broken)?.[8]).toBe('无法读取');
    expect(summary.some((l) => String(l[0]).includes(`“${BATCH.missing}”没有找到对应的名单文件`))).toBe(true);
    expect(rows('跨文件重复')).toHaveLength(1 + 45);
    const all = rows('全部问题');
    expect(all[0]).toEqual(['文件', '行号', '列', '问题类别', '级别', '问题']);
    expect(all.filter((l) => l[3] === '同一天学分超过 2 分' && l[4] === '错误')).toHaveLength(10 + 10 + 2);
    for (const n of wb.SheetNames) {
      const ws = wb.Sheets[n] as XLSX.WorkSheet;
      expect(ws['!autofilter']?.ref).toMatch(/^A1:/);
      expect(ws['!cols']?.[0]?.wch).toBeGreaterThan(10);
    }
    // The header stays in view when scrolling (a frozen pane in every sheet's XML).
    const cfb = XLSX.CFB.read(readFileSync(report), { type: 'buffer' }) as { FullPaths: string[]; FileIndex: { content: number[] }[] };
    const sheets = cfb.FullPaths.map((p, i) => [p, cfb.FileIndex[i]] as const).filter(([p]) => /worksheets\/sheet\d\.xml$/.test(p));
    expect(sheets).toHaveLength(3);
    for (const [, f] of sheets) expect(Buffer.from(f?.content ?? []).toString()).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>');
  });

  it('merges session rosters into one in the first layout, listing each disagreement and keeping the first value', () => {
    const merged = join(work, '影像诊断-合并.xlsx');
    const { code, out, stderr } = json('--merge', merged, at(BATCH.session1), at(BATCH.session2));
    expect(code).toBe(0);
    expect(out.merge).toMatchObject({ rosters: 2, people: 90, errors: expect.any(Number) });
    expect(out.merge?.disagreements.map((d) => [d.id, d.column, d.kept.value, d.kept.row, d.other.value, d.other.row])).toEqual(plan.disagree.map((d) => [d.id, d.column, d.from, d.row, d.to, d.row2]));
    expect(stderr).toContain('3 处同一人填写不一致，已按最先出现的一行写入');

    const wb = XLSX.read(readFileSync(merged), { type: 'buffer', cellStyles: true });
    const ws = wb.Sheets[wb.SheetNames[0] as string] as XLSX.WorkSheet;
    const rows = XLSX.utils.sheet_to_json<string[]>(ws, { header: 1, defval: '' });
    expect(rows[0]?.[0]).toContain('影像诊断（第1期）');
    expect(rows[1]).toEqual(['序号', '姓名', '性别', '证件类型', '证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '手机号码', '电子邮箱']);
    expect(rows).toHaveLength(2 + 90);
    expect(rows.slice(2).map((r) => r[0])).toEqual(Array.from({ length: 90 }, (_, i) => String(i + 1)));
    const ids = rows.slice(2).map((r) => r[4]);
    expect(new Set(ids).size).toBe(90);
    const phone = plan.disagree.find((d) => d.column === '手机号码');
    expect(rows.find((r) => r[4] === phone?.id)?.[11]).toBe(phone?.from);
    // The second session's e-mail and mobile columns were the other way round: each still lands in its own column.
    expect(rows.slice(2).every((r) => /@/.test(String(r[12])) && /^1\d{10}$/.test(String(r[11])))).toBe(true);
    expect(ws['!cols']?.[5]?.wch).toBe(30);
  });

  it('writes every corrected file into the folder given', () => {
    const dir = join(work, 'fixed');
    const r = run('--fix', dir, at(BATCH.cardio), at(BATCH.emergency));
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['心内科-高血压新进展-已校正.xlsx', '急诊科-创伤救治-已校正.csv'].sort());
  });

  it('exits 2 only when no roster can be read', () => {
    expect(run(at(BATCH.broken)).code).toBe(2);
    expect(run(at(BATCH.broken), at(BATCH.emergency)).code).toBe(1);
    expect(run(at(BATCH.emergency)).code).toBe(0);
  });

  it('refuses hostile zips of rosters with a sentence each, without inflating them into memory', () => {
    const roster = readFileSync(at(BATCH.cardio));
    const zeros = new Uint8Array(40 * 1024 * 1024);
    const bomb = join(work, '炸弹.zip');
    writeFileSync(bomb, zipFile([
      { name: '名单.xlsx', data: roster },
      { name: '大.csv', data: zeros },
      { name: '谎报.csv', data: zeros, lie: { usz: 1000, localUsz: 1000 } },
    ]));
    const many = join(work, '太多.zip');
    writeFileSync(many, zipFile(Array.from({ length: 5001 }, (_, i) => ({ name: `${i}.csv`, data: new Uint8Array([49]) }))));
    const { out } = json(bomb, many);
    expect(out.files.map((f) => [f.file.split('/').pop(), f.error ?? null]).sort()).toEqual([
      ['大.csv', '解压后过大（超过 32 MB），无法读取'],
      ['名单.xlsx', null],
      ['谎报.csv', '解压后过大（超过 32 MB），无法读取'],
      ['太多.zip', '压缩包中的文件过多（5001 个，最多 5000 个），请分成几个压缩包'],
    ].sort());
  });

  it('gives two rosters of the same name in different folders each its own manifest row, by path', () => {
    const dir = join(work, '同名');
    mkdirSync(join(dir, '内科'), { recursive: true });
    mkdirSync(join(dir, '外科'), { recursive: true });
    copyFileSync(at(BATCH.cardio), join(dir, '内科', '名单.xlsx'));
    copyFileSync(at(BATCH.nursing), join(dir, '外科', '名单.xlsx'));
    const head = '文件,项目名称,开始日期,结束日期,学时,学分\n';
    const byPath = join(work, '按路径.csv');
    writeFileSync(byPath, `${head}内科/名单.xlsx,内科项目,2026-04-01,2026-04-01,3,1\n外科\\名单.xlsx,外科项目,2026-04-01,2026-04-01,6,2\n`);
    const { out } = json('--manifest', byPath, dir);
    const project = (folder: string) => out.files.find((f) => f.file.endsWith(`${folder}/名单.xlsx`))?.project;
    expect(project('内科')).toMatchObject({ name: '内科项目', credits: 1 });
    expect(project('外科')).toMatchObject({ name: '外科项目', credits: 2 });
    expect(out.batch.manifest).toMatchObject({ missingFiles: [], ambiguous: [], unlisted: [] });
    // The 10 people of both rosters: 1 + 2 credits on 2026-04-01.
    expect(out.batch.sameDay).toHaveLength(10);

    const bare = join(work, '同名清单.csv');
    writeFileSync(bare, `${head}名单.xlsx,某项目,2026-04-01,2026-04-01,3,1\n`);
    const j = json('--manifest', bare, dir).out;
    expect(j.files.every((f) => f.project === undefined)).toBe(true);
    expect(j.batch.manifest?.ambiguous).toEqual([{ row: 2, file: '名单.xlsx', files: [join(dir, '内科', '名单.xlsx'), join(dir, '外科', '名单.xlsx')] }]);
    expect(j.batch.manifest?.unlisted).toEqual([]);
    const text = run('--manifest', bare, dir).stdout;
    expect(text).toContain('项目清单第 2 行的“名单.xlsx”对应 2 个文件');
    expect(text).toContain('请在“文件”列写上所在的文件夹，如“内科/名单.xlsx”');
  });

  it('walks a zip of rosters as strictly as a workbook: what its headers disagree on is refused, ZIP64 sizes are read', () => {
    const roster = readFileSync(at(BATCH.cardio));
    const lying = join(work, '名字不符.zip');
    writeFileSync(lying, zipFile([{ name: '名单.xlsx', data: roster, centralName: '别的.xlsx' }]));
    const zip64 = join(work, '大格式.zip');
    writeFileSync(zip64, zipFile([{ name: '名单.xlsx', data: roster, zip64: true }]));
    const { out } = json(lying, zip64);
    expect(out.files.map((f) => [f.file.split('/').pop(), f.error ?? null, f.summary?.attendees ?? null])).toEqual([
      ['名单.xlsx', null, 60],
      ['名字不符.zip', '压缩包已损坏或不完整，无法读取；请重新压缩后再试', null],
    ]);
  });

  it('takes the options of one roster: an unknown host province is refused, and the --project file can turn 实操训练类 on', () => {
    const r = run('--host-province', '火星', plan.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('roster-check: 主办省份“火星”不是省份字典中的值，例如：北京市\n');
    const few = join(root, 'test/fixtures/too-few-attendees.xlsx');
    const dir = mkdtempSync(join(tmpdir(), 'rc-practical-'));
    const project = join(dir, 'project.json');
    writeFileSync(project, JSON.stringify({ practical: true }));
    const rules = (o: BatchOut) => o.files.flatMap((f) => f.issues ?? []).map((i) => i.rule);
    expect(rules(json(few, at(BATCH.emergency)).out)).toContain('count.range');
    expect(rules(json('--project', project, few, at(BATCH.emergency)).out)).not.toContain('count.range');
  });
});
