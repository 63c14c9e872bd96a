// Names and text inputs as Windows writes them (issue #18, classes 1, 2, 5 and the shared-string
// table of 7), part of the hostile corpus (scripts/make-hostile.mjs):
// - zips made by Windows Explorer on a Chinese PC: GBK member names without the UTF-8 flag, one of
//   them (学员通讯录) valid UTF-8 by accident; a manifest that names them and a same-day credit
//   error across them; Info-ZIP Unicode Path fields with a good and a stale checksum;
// - member names with a NUL, an escape sequence that clears the terminal, a right-to-left override
//   and a line break, checked and corrected in one batch; two members named alike but for case;
// - settings files saved by Notepad (UTF-8 with a byte order mark) and by PowerShell 5.1's ">"
//   (UTF-16LE), a number past any sensible range, 300,000 unknown keys, a file name with a line break;
// - a shared-string table of 4 million strings (SHARED_STRINGS, in the single-file corpus).
// The batch and settings cases are written to test/fixtures/hostile-names/ and run through the
// command line by test/io/hostile-names.test.ts. Deterministic; synthetic people only.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { HEADER, encodeGbk, makeRows } from './synth.mjs';
import { crc32, enc, unzip, zipFile } from './zip.mjs';

const OUT = fileURLToPath(new URL('../test/fixtures/hostile-names/', import.meta.url));
const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));
/** "version made by": MS-DOS (what Windows Explorer writes) and Unix, version 2.0. */
const MADE_ON_WINDOWS = 20;
const MADE_ON_UNIX = (3 << 8) | 20;

/** The single-file cases, run with the rest of the hostile corpus (test/io/hostile.test.ts, the page's e2e). */
export const SHARED_STRINGS = [
  { name: 'shared-strings-4m.xlsx', what: 'a 60-attendee roster whose shared-string table holds 4 million more strings (68 MB unzipped, 0.2 MB zipped)', code: 2, kind: 'too-large', stderr: /单元格过多/ },
];

/** The files of test/fixtures/hostile-names/ and what each is for (the test holds the expectations). */
export const NAMES = {
  windowsZip: 'windows-gbk.zip',
  windowsManifest: '项目清单.csv',
  /** Members of windows-gbk.zip: 学员通讯录 is valid UTF-8 in GBK (ѧԱͨѶ¼), 护理部名单 is not. */
  windowsMembers: ['学员通讯录.xlsx', '护理部名单.xlsx'],
  unicodePathZip: 'unicode-path.zip',
  /** What unicode-path.zip's members are called: the field's name, then the stored name (its field is stale). */
  unicodePathMembers: ['急诊科名单.xlsx', '名单2.xlsx'],
  controlZip: 'control-names.zip',
  controlMembers: ['名单\u0000一.xlsx', '\u001b[2J\u001b[H清屏.xlsx', '名单\u202excsl.xlsx', '换行\n名单.csv'],
  /** Two members named alike but for case (Windows would overwrite one with the other), and a third roster. */
  caseZip: 'case-twins.zip',
  caseMembers: ['内科/Ward-A.xlsx', '内科/ward-a.xlsx', '外科/名单.xlsx'],
  projectBom: 'project-utf8-bom.json',
  projectUtf16: 'project-utf16le.json',
  profileUtf16: 'profile-utf16le.json',
  projectHuge: 'project-huge-hours.json',
  projectKeys: 'project-300k-keys.json',
  brokenNewline: '损坏\n名单.xlsx',
  /** People in both rosters of windows-gbk.zip, on the same day: 2 + 1 credits. */
  sameDay: 10,
};

function xlsx(rows) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '学员名单');
  return new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }));
}
const csv = (rows) => enc(`\ufeff${rows.map((r) => r.join(',')).join('\r\n')}\r\n`);
const renumber = (rows) => rows.map((r, i) => [String(i + 1), ...r.slice(1)]);
const gbk = (s) => Uint8Array.from(encodeGbk(s));

/** The Info-ZIP Unicode Path extra field: version 1, CRC-32 of the stored name, the name in UTF-8. */
export function unicodePath(name, stored, crc = crc32(stored)) {
  const u = enc(name);
  const f = new Uint8Array(9 + u.length);
  const dv = new DataView(f.buffer);
  dv.setUint16(0, 0x7075, true);
  dv.setUint16(2, 5 + u.length, true);
  f[4] = 1;
  dv.setUint32(5, crc, true);
  f.set(u, 9);
  return f;
}

function utf16le(text) {
  const out = new Uint8Array(2 + 2 * text.length);
  out.set([0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    out[2 + 2 * i] = text.charCodeAt(i) & 0xff;
    out[3 + 2 * i] = text.charCodeAt(i) >> 8;
  }
  return out;
}

/** A roster whose shared-string table holds `extra` more strings than its cells use. */
export function sharedStringsRoster(extra) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([HEADER, ...makeRows(60, 81)]), '学员名单');
  const entries = unzip(new Uint8Array(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true })));
  return zipFile(entries.map((e) => {
    if (e.name !== 'xl/sharedStrings.xml') return e;
    const xml = new TextDecoder().decode(e.data);
    const at = xml.lastIndexOf('</sst>');
    const chunk = enc('<si><t>1</t></si>'.repeat(1 << 16));
    const head = enc(xml.slice(0, at));
    const tail = enc(xml.slice(at));
    const n = Math.ceil(extra / (1 << 16));
    const data = new Uint8Array(head.length + n * chunk.length + tail.length);
    data.set(head);
    for (let k = 0; k < n; k++) data.set(chunk, head.length + k * chunk.length);
    data.set(tail, head.length + n * chunk.length);
    return { name: e.name, data };
  }));
}

/** The single-file cases' bytes, by name. */
export function sharedStringsFiles() {
  return { 'shared-strings-4m.xlsx': sharedStringsRoster(4_000_000) };
}

/** Writes test/fixtures/hostile-names/ afresh. */
export function makeNames(dir = OUT) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const put = (name, bytes) => writeFileSync(dir + name, bytes);

  // 1. A zip made by Windows Explorer: GBK names, no UTF-8 flag, MS-DOS host.
  const a = makeRows(60, 71);
  const b = makeRows(60, 72);
  for (let i = 0; i < NAMES.sameDay; i++) b[i] = a[i].slice();
  const [first, second] = NAMES.windowsMembers;
  put(NAMES.windowsZip, zipFile([
    { name: gbk(first), flags: 0, madeBy: MADE_ON_WINDOWS, data: xlsx([HEADER, ...renumber(a)]) },
    { name: gbk(second), flags: 0, madeBy: MADE_ON_WINDOWS, data: xlsx([HEADER, ...renumber(b)]) },
  ]));
  const manifest = [
    ['文件', '项目名称', '开始日期', '结束日期', '学时', '学分', '举办形式', '计划人数', '项目级别'],
    [first, '高血压诊疗新进展', '2026-03-11', '2026-03-11', 6, 2, '面授', 80, '国家级'],
    [second, '静脉治疗护理规范', '2026-03-11', '2026-03-11', 3, 1, '面授', 60, '市级'],
  ];
  put(NAMES.windowsManifest, csv(manifest));

  // 2. Unicode Path fields: one whose checksum matches the stored (GBK) name, one left stale.
  const stored1 = gbk('名单1.xlsx');
  const stored2 = gbk('名单2.xlsx');
  put(NAMES.unicodePathZip, zipFile([
    { name: stored1, flags: 0, madeBy: MADE_ON_WINDOWS, centralExtra: unicodePath(NAMES.unicodePathMembers[0], stored1), data: xlsx([HEADER, ...makeRows(60, 73)]) },
    { name: stored2, flags: 0, madeBy: MADE_ON_UNIX, centralExtra: unicodePath('旧名字.xlsx', stored2, 0x12345678), data: xlsx([HEADER, ...makeRows(60, 74)]) },
  ]));

  // 3. Control characters in member names (UTF-8 flagged, as 7-Zip on Linux writes them).
  put(NAMES.controlZip, zipFile(NAMES.controlMembers.map((name, k) => {
    const rows = [HEADER, ...makeRows(60, 75 + k)];
    // One fixable slip each, so that --fix has something to write.
    rows[3][COL['性别']] = ' 男 ';
    return { name, data: name.endsWith('.csv') ? csv(rows) : xlsx(rows) };
  })));

  // 3b. Names differing only in case: the other rosters are checked, the twin is listed.
  put(NAMES.caseZip, zipFile(NAMES.caseMembers.map((name, k) => ({ name, data: xlsx([HEADER, ...makeRows(60, 80 + k)]) }))));

  // 4. Settings files as Windows writes them, and hostile ones.
  const project = JSON.stringify({ mode: '面授', start: '2026-03-11', end: '2026-03-11', hours: 6, credits: 2 }, null, 2);
  put(NAMES.projectBom, enc(`\ufeff${project}`));
  put(NAMES.projectUtf16, utf16le(`${project}\r\n`));
  put(NAMES.profileUtf16, utf16le(`${JSON.stringify({ extends: 'national', name: '本院方案' }, null, 2)}\r\n`));
  put(NAMES.projectHuge, enc('{"hours": 1e300, "credits": 2}'));
  put(NAMES.projectKeys, enc(`{${Array.from({ length: 300_000 }, (_, i) => `"字段${i}":1`).join(',')}}`));
  const whole = xlsx([HEADER, ...makeRows(60, 79)]);
  put(NAMES.brokenNewline, whole.slice(0, whole.length >> 1));
  return dir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) console.log(makeNames());
