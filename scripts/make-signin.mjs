// Makes a roster and attendance files of the three shapes for the sign-in reconciliation (issue
// #20), with SheetJS's own writer (never ours). Synthetic people only. Deterministic.
//
//   node scripts/make-signin.mjs                test/fixtures/signin/ (roster, three attendance files,
//                                              a second project and a manifest for a batch)
//   node scripts/make-signin.mjs --scale [N] [S] bench-out/signin-scale/: a roster of N people (default
//                                              1,000) and a swipe log of S rows (default 3,000)
//
// The project runs 2026-05-10..11, 12 学时 (6 a day), starting 2026-05-10 08:00 (PROJECT). Planted,
// by roster index (PLAN below holds every figure the tests use; tests never write them out):
// - 签到表.xlsx (typed sheet, two sheets named by day, no 场次 column; matched by mobile):
//   people 0–14 both days; person 4 signs out at 10:00 on day 1 (short); two people not on the roster
//   (missing); one sign-in with a name only, the name two roster people share (unsure).
// - 平台考勤.xlsx (a credit platform's export, 人员编号 holding ID numbers, 考勤时间 as date cells):
//   people 15–24 both days; person 15 watched 120 minutes on day 1 (short).
// - 刷卡记录.csv (card swipes, matched by ID): people 25–29 in and out both days; person 0 swipes at
//   07:40 on day 1 (early); person 1 swipes three times on day 2 (daily); person 2 swipes twice within
//   5 minutes (counted once: not daily); person 33's only swipe is at 07:30 (early, not absent).
// - A second project (影像科, same day 2026-05-10, 09:00–12:00) shares person 5 (overlap in a batch).
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { HEADER, makeRows } from './synth.mjs';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));

export const SIGNIN = {
  dir: `${FIXTURES}signin/`,
  roster: '学员通讯录.xlsx',
  sheet: '签到表.xlsx',
  platform: '平台考勤.xlsx',
  log: '刷卡记录.csv',
  cardsOnly: '只有卡号.csv',
  project: '项目设置.json',
  second: '影像科-学员通讯录.xlsx',
  secondLog: '影像科-刷卡记录.csv',
  manifest: '项目清单.csv',
  settings: { mode: '面授', start: '2026-05-10 08:00', end: '2026-05-11', hours: 12, credits: 4 },
  secondSettings: { start: '2026-05-10', end: '2026-05-10', hours: 3, credits: 1 },
};

const xlsxBook = (sheets) => {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of sheets) XLSX.utils.book_append_sheet(wb, ws, name);
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }));
};
const csv = (aoa) => new TextEncoder().encode(`\ufeff${aoa.map((r) => r.map((v) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',')).join('\r\n')}\r\n`);
const renumber = (rows) => rows.map((r, i) => [String(i + 1), ...r.slice(1)]);

/** n roster rows whose names and mobiles are unique (synthetic names may collide by chance). */
function uniqueRows(n, seed, avoid = new Set()) {
  const rows = makeRows(n, seed);
  const seen = new Set(avoid);
  for (const r of rows) {
    while (seen.has(r[COL['姓名']])) r[COL['姓名']] += '一';
    seen.add(r[COL['姓名']]);
  }
  return rows;
}

/** The fixtures, and the plan: who is where, and the counts the tests expect. */
export function makeSignin(dir = SIGNIN.dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const roster = uniqueRows(40, 21);
  // Two roster people share a name (different units): a sign-in giving only the name fits both.
  const twin = roster[34][COL['姓名']];
  roster[35][COL['姓名']] = twin;
  if (roster[35][COL['工作单位']] === roster[34][COL['工作单位']]) roster[35][COL['工作单位']] = roster[34][COL['工作单位']] === '北京协和医院' ? '北京积水潭医院' : '北京协和医院';
  const outsiders = uniqueRows(2, 97, new Set(roster.map((r) => r[COL['姓名']])));
  for (const [i, o] of outsiders.entries()) o[COL['手机号码']] = `1770000000${i}`;
  const name = (i) => roster[i][COL['姓名']];
  const unit = (i) => roster[i][COL['工作单位']];
  const mobile = (i) => roster[i][COL['手机号码']];
  const id = (i) => roster[i][COL['证件号码']];
  const rosterRow = (i) => 2 + i; // header on row 1
  const days = ['2026-05-10', '2026-05-11'];
  const pad = (n) => String(n).padStart(2, '0');

  // Roster.
  writeFileSync(dir + SIGNIN.roster, xlsxBook([['学员名单', XLSX.utils.aoa_to_sheet([HEADER, ...renumber(roster)])]]));

  // Typed sheet: one sheet per day, named by the day (the session), no 场次 column.
  const sheetHeader = ['序号', '姓名', '单位', '手机号码', '日期', '签到时间', '签退时间'];
  const sheetRows = { [days[0]]: [], [days[1]]: [] };
  const sheetLines = []; // { day, i (roster index or -1 / -2), row }
  for (const [d, day] of days.entries()) {
    const rows = sheetRows[day];
    const add = (who, r) => {
      rows.push([String(rows.length + 1), ...r]);
      sheetLines.push({ day, who, row: rows.length + 1 });
    };
    for (let i = 0; i < 15; i++) add(i, [name(i), unit(i), mobile(i), day, `08:${pad(5 + i)}`, i === 4 && d === 0 ? '10:00' : `17:${pad(i)}`]);
    if (d === 0) {
      for (const [k, o] of outsiders.entries()) add(`out${k}`, [o[COL['姓名']], o[COL['工作单位']], o[COL['手机号码']], day, '08:30', '17:00']);
      add('twin', [twin, '', '', day, '08:40', '17:00']);
    }
  }
  writeFileSync(dir + SIGNIN.sheet, xlsxBook(days.map((day, d) => [`第${d + 1}天`, XLSX.utils.aoa_to_sheet([sheetHeader, ...sheetRows[day]])])));

  // Credit platform export: 考勤时间 as date cells, 观看时长 in minutes or h:mm.
  const platform = [['人员姓名', '人员编号', '单位', '科室', '职称', '考勤时间', '观看时长']];
  for (const day of days) {
    for (let i = 15; i < 25; i++) {
      const [y, m, dd] = day.split('-').map(Number);
      const watched = i === 15 && day === days[0] ? '120' : i % 2 ? '6:10' : '375';
      platform.push([name(i), id(i), unit(i), '内科', roster[i][COL['职称']], new Date(y, m - 1, dd, 8, 2 + (i - 15)), watched]);
    }
  }
  const pws = XLSX.utils.aoa_to_sheet(platform, { cellDates: true, dateNF: 'yyyy-mm-dd hh:mm' });
  writeFileSync(dir + SIGNIN.platform, xlsxBook([['考勤明细', pws]]));

  // Swipe log: one row per swipe.
  const log = [['姓名', '证件号码', '刷卡时间']];
  const swipe = (i, day, hm) => log.push([name(i), id(i), `${day.replace(/-0?/g, '/')} ${hm}`]);
  for (const day of days) for (let i = 25; i < 30; i++) {
    swipe(i, day, '08:02');
    swipe(i, day, '17:05');
  }
  swipe(0, days[0], '07:40');
  for (const hm of ['08:00', '12:00', '17:00']) swipe(1, days[1], hm);
  for (const hm of ['08:01', '08:04', '17:00']) swipe(2, days[0], hm);
  swipe(33, days[0], '07:30');
  writeFileSync(dir + SIGNIN.log, csv(log));
  // A log with card numbers only: refused.
  writeFileSync(dir + SIGNIN.cardsOnly, csv([['卡号', '刷卡时间'], ['00012345', '2026/5/10 08:00']]));
  writeFileSync(dir + SIGNIN.project, JSON.stringify(SIGNIN.settings, null, 2));

  // A second project on 2026-05-10 (09:00–12:00) that person 5 also attends.
  const second = uniqueRows(20, 22, new Set(roster.map((r) => r[COL['姓名']])));
  second[3] = roster[5].slice();
  writeFileSync(dir + SIGNIN.second, xlsxBook([['学员名单', XLSX.utils.aoa_to_sheet([HEADER, ...renumber(second)])]]));
  const secondLog = [['姓名', '证件号码', '刷卡时间']];
  for (const r of second) for (const hm of ['09:00', '12:00']) secondLog.push([r[COL['姓名']], r[COL['证件号码']], `2026-05-10 ${hm}`]);
  writeFileSync(dir + SIGNIN.secondLog, csv(secondLog));
  const s = SIGNIN.settings;
  const s2 = SIGNIN.secondSettings;
  writeFileSync(dir + SIGNIN.manifest, csv([
    ['文件', '项目名称', '开始日期', '结束日期', '学时', '学分', '举办形式', '签到文件'],
    [SIGNIN.roster, '心血管新进展', s.start.slice(0, 10), s.end, s.hours, s.credits, '面授', `${SIGNIN.sheet}；${SIGNIN.platform}、${SIGNIN.log}`],
    [SIGNIN.second, '影像诊断', s2.start, s2.end, s2.hours, s2.credits, '面授', SIGNIN.secondLog],
  ]));

  // The plan: what a correct reconciliation finds.
  const signedIn = new Set([...Array(30).keys(), 33]);
  const absent = [...Array(40).keys()].filter((i) => !signedIn.has(i));
  const plan = {
    rosterPeople: 40,
    files: [SIGNIN.sheet, SIGNIN.platform, SIGNIN.log],
    matched: signedIn.size,
    missing: outsiders.map((o, k) => ({ name: o[COL['姓名']], file: SIGNIN.sheet, row: sheetLines.find((l) => l.who === `out${k}`).row })),
    absent: absent.map(rosterRow),
    /** People absent only by name (the twins), so absent and unsure overlap there. */
    unsure: [{ name: twin, file: SIGNIN.sheet, row: sheetLines.find((l) => l.who === 'twin').row, candidates: [rosterRow(34), rosterRow(35)] }],
    early: [rosterRow(0), rosterRow(33)],
    daily: [{ row: rosterRow(1), day: days[1] }],
    notDaily: rosterRow(2),
    short: [{ row: rosterRow(4), day: days[0] }, { row: rosterRow(15), day: days[0] }],
    /** People signed in: matched, missing and unsure ones. */
    people: signedIn.size + outsiders.length + 1,
    overlap: { id: id(5), row: rosterRow(5), secondRow: 2 + 3 },
    logRows: log.length - 1,
  };
  writeFileSync(`${dir}plan.json`, JSON.stringify(plan, null, 2));
  return plan;
}

/** A roster of n people and a swipe log of s rows (in and out swipes over two days). */
export function makeSigninScale(n = 1000, s = 3000, dir = fileURLToPath(new URL('../bench-out/signin-scale/', import.meta.url))) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const roster = makeRows(n, 31);
  writeFileSync(`${dir}roster.xlsx`, xlsxBook([['学员名单', XLSX.utils.aoa_to_sheet([HEADER, ...renumber(roster)])]]));
  const log = [['姓名', '证件号码', '刷卡时间']];
  // In and out each day; a few swipe late in the afternoon only (short), so the findings are not none.
  const times = ['08:05', '17:05'];
  for (let k = 0; k < s; k++) {
    const r = roster[k % n];
    const slot = Math.floor(k / n);
    const late = k % n < n / 50 && slot % 2 === 0;
    log.push([r[COL['姓名']], r[COL['证件号码']], `2026-05-${10 + (slot >> 1)} ${late ? '15:00' : times[slot % 2]}`]);
  }
  writeFileSync(`${dir}swipes.csv`, csv(log));
  writeFileSync(`${dir}project.json`, JSON.stringify(SIGNIN.settings));
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === '--scale') console.log(`已生成：${makeSigninScale(Number(args[1] ?? 1000), Number(args[2] ?? 3000))}`);
  else {
    makeSignin();
    console.log(`已生成：${SIGNIN.dir}`);
  }
}
