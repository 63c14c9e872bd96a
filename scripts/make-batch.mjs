// Makes a batch of rosters for the batch command line (issue #12), with SheetJS's own
// aoa_to_sheet (never our writer). Synthetic people only. Deterministic.
//
//   node scripts/make-batch.mjs                 test/fixtures/batch/ and its two manifests
//   node scripts/make-batch.mjs --scale [N] [R] bench-out/batch-scale/: N compressed .xlsx rosters
//                                               of R attendees (default 1,000 × 300) and a manifest
//
// Planted in the test batch (see BATCH below for the figures the tests use):
// - 10 people in both 心内科 (2026-03-10..11, 4 credits: 2 a day) and 护理部 (2026-03-11, 1 credit):
//   3 credits on 2026-03-11, over the 2-a-day limit (seed 001); 2 of them are also in the zipped
//   麻醉科 roster (2026-03-11, 1 credit): 4 credits, three files.
// - 5 people of 心内科 also in 急诊科 (a CSV, another day): a cross-file duplicate only.
// - 影像科 第1期 and 第2期, the sessions of one 分次 project: 30 people in both, three of whose
//   second rows disagree (name, unit, phone); 第2期 has its columns in another order.
// - 检验科 is a truncated .xlsx; the zip also holds a zip (refused).
// - The manifest names a file that does not exist and has no row for 急诊科.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { HEADER, makeRows } from './synth.mjs';
import { zipFile } from './zip.mjs';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));

const xlsx = (aoa, { title = null, compression = false, bookSST = false } = {}) => {
  const rows = title ? [[title, ...Array(HEADER.length - 1).fill(null)], ...aoa] : aoa;
  const ws = XLSX.utils.aoa_to_sheet(rows);
  if (title) ws['!merges'] = [{ s: { r: 0, c: 0 }, e: { r: 0, c: aoa[0].length - 1 } }];
  ws['!cols'] = aoa[0].map((_, c) => ({ wch: c === COL['工作单位'] ? 30 : 14 }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '学员名单');
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression, bookSST }));
};
const csv = (aoa) => new TextEncoder().encode(`\ufeff${XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(aoa), { FS: ',', RS: '\r\n' })}`);
const renumber = (rows) => rows.map((r, i) => [String(i + 1), ...r.slice(1)]);

/** The figures the tests check, in one place. */
export const BATCH = {
  cardio: '心内科-高血压新进展.xlsx',
  nursing: '护理部-静脉治疗护理.xlsx',
  emergency: '急诊科-创伤救治.csv',
  session1: '影像科-影像诊断-第1期.xlsx',
  session2: '影像科-影像诊断-第2期.xlsx',
  broken: '检验科-损坏.xlsx',
  zip: '麻醉科.zip',
  zipped: '麻醉科-疼痛管理.xlsx',
  nested: '往年资料.zip',
  missing: '不存在的项目.xlsx',
  attendees: 60,
  /** Excel row of the first attendee in files with a title row (title, header, then data). */
  firstRow: 3,
};

/** The test batch: rosters, a zip, and the people planted across them (IDs and rows). */
export function makeBatch(dir = `${FIXTURES}batch/`) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const cardio = makeRows(60, 11);
  const nursing = makeRows(60, 12);
  const emergency = makeRows(60, 13);
  const pain = makeRows(60, 15);
  const s1 = makeRows(60, 16);
  const s2 = makeRows(60, 17);
  for (let i = 0; i < 10; i++) nursing[i] = cardio[i].slice();
  for (let i = 0; i < 5; i++) emergency[i] = cardio[20 + i].slice();
  for (let i = 0; i < 2; i++) pain[30 + i] = cardio[i].slice();
  for (let i = 0; i < 30; i++) s2[i] = s1[i].slice();
  // The same people, written differently in the second session.
  const disagree = [
    { i: 0, column: '姓名', to: `${s1[0][COL['姓名']].slice(0, 1)}晓明` },
    { i: 1, column: '工作单位', to: s1[1][COL['工作单位']] === '北京积水潭医院' ? '北京协和医院' : '北京积水潭医院' },
    { i: 2, column: '手机号码', to: s1[2][COL['手机号码']] === '13900000000' ? '13900000001' : '13900000000' },
  ];
  for (const d of disagree) s2[d.i][COL[d.column]] = d.to;

  const title = (t) => `2026年继续医学教育项目学员通讯录\u3000${t}`;
  const files = {};
  const put = (name, bytes) => {
    writeFileSync(dir + name, bytes);
    files[name] = bytes;
  };
  put(BATCH.cardio, xlsx([HEADER, ...renumber(cardio)], { title: title('高血压新进展') }));
  put(BATCH.nursing, xlsx([HEADER, ...renumber(nursing)], { title: title('静脉治疗护理') }));
  put(BATCH.emergency, csv([HEADER, ...renumber(emergency)]));
  put(BATCH.session1, xlsx([HEADER, ...renumber(s1)], { title: title('影像诊断（第1期）') }));
  // Another layout: no title row, e-mail before mobile.
  const order = HEADER.map((_, c) => c);
  [order[COL['手机号码']], order[COL['电子邮箱']]] = [order[COL['电子邮箱']], order[COL['手机号码']]];
  put(BATCH.session2, xlsx([order.map((c) => HEADER[c]), ...renumber(s2).map((r) => order.map((c) => r[c]))]));
  const whole = xlsx([HEADER, ...makeRows(60, 18)]);
  put(BATCH.broken, whole.slice(0, Math.floor(whole.length / 2)));
  const nested = zipFile([{ name: 'a.xlsx', data: xlsx([HEADER, ...makeRows(60, 19)]) }]);
  put(BATCH.zip, zipFile([
    { name: BATCH.zipped, data: xlsx([HEADER, ...renumber(pain)], { title: title('疼痛管理') }) },
    { name: BATCH.nested, data: nested },
  ]));

  const id = (row) => row[COL['证件号码']];
  return {
    dir,
    files,
    /** 10 people in 心内科 and 护理部 on 2026-03-11 (3 credits), 2 of them also in 麻醉科 (4). */
    sameDay: cardio.slice(0, 10).map((r, i) => ({ id: id(r), name: r[COL['姓名']], credits: i < 2 ? 4 : 3 })),
    /** Rows (Excel) in 心内科 of those people: title row and header come first. */
    cardioRow: (i) => BATCH.firstRow + i,
    alsoInEmergency: cardio.slice(20, 25).map(id),
    sessionShared: s1.slice(0, 30).map(id),
    disagree: disagree.map((d) => ({ id: id(s1[d.i]), column: d.column, from: s1[d.i][COL[d.column]], to: d.to, row: BATCH.firstRow + d.i, row2: 2 + d.i })),
  };
}

const MANIFEST_HEADER = ['文件', '项目名称', '开始日期', '结束日期', '学时', '学分', '举办形式', '计划人数', '项目级别'];

/** Manifest rows; dates as JS Dates (an .xlsx gets date cells; a CSV gets YYYY-MM-DD text). */
function manifestRows() {
  const d = (s) => new Date(`${s}T00:00:00Z`);
  return [
    [BATCH.cardio, '高血压诊疗新进展', d('2026-03-10'), d('2026-03-11'), 12, 4, '面授', 80, '国家级'],
    [BATCH.nursing, '静脉治疗护理规范', d('2026-03-11'), '2026-03-11', 3, 1, '面授', 60, '市级'],
    [BATCH.session1, '影像诊断（分次授课）第1期', d('2026-05-08'), d('2026-05-08'), 3, 1, '面授', 60, '国家级'],
    [BATCH.session2, '影像诊断（分次授课）第2期', d('2026-06-12'), d('2026-06-12'), 3, 1, '面授', 60, '国家级'],
    [BATCH.zipped, '疼痛管理培训班', d('2026-03-11'), d('2026-03-11'), 3, 1, '面授+远程', 60, '市级'],
    [BATCH.broken, '检验质量控制', d('2026-03-20'), d('2026-03-20'), 3, 1, '远程', 60, '市级'],
    [BATCH.missing, '没有交来的项目', d('2026-03-25'), d('2026-03-25'), 3, 1, '面授', 60, '市级'],
  ];
}

/** The manifest as an .xlsx (real date cells, one end date as text) and as a CSV. */
export function makeManifests(dir = FIXTURES, rows = manifestRows(), name = 'batch-manifest') {
  const iso = (v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v);
  // SheetJS turns a Date into a date serial of the local time zone's midnight: give it local dates.
  const local = (v) => (v instanceof Date ? new Date(v.getUTCFullYear(), v.getUTCMonth(), v.getUTCDate()) : v);
  const ws = XLSX.utils.aoa_to_sheet([MANIFEST_HEADER, ...rows.map((r) => r.map(local))]);
  ws['!cols'] = MANIFEST_HEADER.map(() => ({ wch: 16 }));
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '项目清单');
  writeFileSync(`${dir}${name}.xlsx`, new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' })));
  writeFileSync(`${dir}${name}.csv`, csv([MANIFEST_HEADER, ...rows.map((r) => r.map(iso))]));
}

/**
 * N rosters of R attendees for the bench, compressed as Excel writes them. Each roster shares 10
 * people with the one before it, and rosters 2k and 2k+1 are on the same day (1 + 2 credits), so
 * the batch has duplicates and same-day findings at scale.
 */
export function makeScale(n = 1000, r = 300, dir = fileURLToPath(new URL('../bench-out/batch-scale/', import.meta.url))) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(`${dir}rosters/`, { recursive: true });
  let prev = null;
  const manifest = [];
  for (let i = 0; i < n; i++) {
    const rows = makeRows(r, 1000 + i);
    if (prev) for (let k = 0; k < 10; k++) rows[k] = prev[r - 1 - k].slice();
    prev = rows;
    const name = `科室${String(i + 1).padStart(4, '0')}.xlsx`;
    writeFileSync(`${dir}rosters/${name}`, xlsx([HEADER, ...renumber(rows)], { title: `2026年继续医学教育项目学员通讯录\u3000项目${i + 1}`, compression: true, bookSST: true }));
    const day = new Date(Date.UTC(2026, 0, 5 + Math.floor(i / 2)));
    manifest.push([name, `项目${i + 1}`, day, day, i % 2 ? 6 : 3, i % 2 ? 2 : 1, '面授', r, '市级']);
  }
  makeManifests(dir, manifest, 'manifest');
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--scale') {
    const dir = makeScale(Number(args[1] ?? 1000), Number(args[2] ?? 300));
    console.log(`已生成：${dir}`);
  } else {
    const { dir } = makeBatch();
    makeManifests();
    console.log(`已生成：${dir}`);
  }
}
