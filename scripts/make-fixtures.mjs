// Makes the test fixtures under test/fixtures/ with SheetJS's own aoa_to_sheet (never our writer,
// so the writer is tested against files it did not make). Synthetic people only. Run: npm run fixtures
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { HEADER, encodeGbk, idCheck, makeRows } from './synth.mjs';
import { makeTemplates } from './make-blank-template.mjs';

const OUT = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const TITLE_ROWS = 3; // title, note, header; then an instruction row
const FIRST_DATA_EXCEL_ROW = TITLE_ROWS + 2;

const COL = Object.fromEntries(HEADER.map((h, i) => [h, i]));

/** A header as clerks really write it: notes, asterisks, aliases, an extra column. */
const MESSY_HEADER = ['序号', '姓名\n(必填)', '性别', '证件类型', '*身份证号', '工作单位（全称）', '单位所在省份', '是否基层单位\n（是/否）', '专业技术职称', '最高学历', '学科', '手机', '邮箱', '备注'];

/**
 * Defects planted in the planted roster: Excel row, canonical column, the rule that must report it,
 * and the fix it must propose (null: no fix). Each row index is relative to the first data row.
 */
export function plantedDefects() {
  const d = [];
  const at = (i, column, rule, fix, set) => d.push({ i, row: FIRST_DATA_EXCEL_ROW + i, column, rule, fix, set });
  at(0, '证件号码', 'id.checksum', null, (row) => { row[COL['证件号码']] = row[COL['证件号码']].slice(0, 17) + (row[COL['证件号码']][17] === '0' ? '1' : '0'); });
  at(1, '证件号码', 'format', 'X', (row, _rows, def) => {
    // An ID whose check character is X, written with a lower-case x and full-width digits.
    let first17 = '11010119800101001';
    for (let s = 1; idCheck(first17) !== 'X'; s += 2) first17 = `110101198001010${String(s).padStart(2, '0')}`;
    row[COL['证件号码']] = first17.replace(/[0-9]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0)) + 'x';
    row[COL['性别']] = Number(first17[16]) % 2 ? '男' : '女';
    def.fix = first17 + 'X';
  });
  at(2, '证件号码', 'id.legacy', 'UPGRADE', (row, _rows, def) => {
    row[COL['证件号码']] = '110101800101101';
    row[COL['性别']] = '男';
    const f17 = '11010119800101101';
    def.fix = f17 + idCheck(f17);
  });
  at(3, '证件号码', 'id.birthdate', null, (row) => { const id = `1101011990023012${row[COL['性别']] === '男' ? '1' : '2'}`; row[COL['证件号码']] = id + idCheck(id); });
  at(4, '证件号码', 'id.scientific', null, (row) => { row[COL['证件号码']] = Number('110101199003071234'); // a number: Excel keeps 15 digits
  });
  at(5, '证件号码', 'id.duplicate', null, () => {});
  at(6, '证件号码', 'id.duplicate', null, (row, rows) => { row[COL['证件号码']] = rows[5][COL['证件号码']]; row[COL['性别']] = rows[5][COL['性别']]; });
  at(7, '性别', 'gender.mismatch', null, (row) => { row[COL['性别']] = row[COL['性别']] === '男' ? '女' : '男'; });
  at(8, '职称', 'dictionary', '副主任医师', (row) => { row[COL['职称']] = '副主任医生'; });
  at(9, '职称', 'dictionary', null, (row) => { row[COL['职称']] = '中级'; });
  at(10, '单位所在省份', 'dictionary', '河北省', (row) => { row[COL['单位所在省份']] = '河北'; });
  at(11, '手机号码', 'phone.format', null, (row) => { row[COL['手机号码']] = '010-12345678'; });
  at(12, '手机号码', 'format', '13812345678', (row) => { row[COL['手机号码']] = '138 1234 5678'; });
  at(13, '姓名', 'required', null, (row) => { row[COL['姓名']] = ''; });
  at(14, '姓名', 'name.format', null, (row) => { row[COL['姓名']] = '张三2'; });
  at(15, '是否基层单位', 'dictionary', '是', (row) => { row[COL['是否基层单位']] = 'Y'; row[COL['工作单位']] = '保定市某某镇卫生院'; });
  at(16, '姓名', 'cell.formula', null, (row) => { row[COL['姓名']] = '=HYPERLINK("http://example.invalid","点我")'; });
  at(17, '电子邮箱', 'email.format', null, (row) => { row[COL['电子邮箱']] = 'abc@'; });
  at(18, '工作单位', 'unit.short', null, (row) => { row[COL['工作单位']] = '协和'; });
  at(19, '是否基层单位', 'required', null, (row) => { row[COL['工作单位']] = '承德市某某乡卫生院'; row[COL['是否基层单位']] = ''; });
  at(20, '学历', 'dictionary', '大学本科', (row) => { row[COL['学历']] = '本科'; });
  at(21, '所在学科', 'dictionary', '临床内科学', (row) => { row[COL['所在学科']] = '内科'; });
  at(22, '性别', 'dictionary', '男', (row, _rows, def) => { row[COL['性别']] = row[COL['性别']] === '男' ? '男性' : '女性'; def.fix = row[COL['性别']][0]; });
  at(23, '证件号码', 'format', 'SAME', (row, _rows, def) => { const id = row[COL['证件号码']]; def.fix = id; row[COL['证件号码']] = ` ${id.slice(0, 6)}\u3000${id.slice(6)}\u00a0`; });
  at(24, '姓名', 'format', 'TRIM', (row, _rows, def) => { def.fix = row[COL['姓名']]; row[COL['姓名']] = `${row[COL['姓名']]}\u200b `; });
  return d;
}

/** The planted roster as rows of cells: title rows, header, instruction row, 60 attendees. */
export function plantedRoster() {
  const rows = makeRows(60, 7);
  const defects = plantedDefects();
  for (const def of defects) def.set(rows[def.i], rows, def);
  const width = MESSY_HEADER.length;
  const instruction = MESSY_HEADER.map((_, c) => (c === 0 || c >= 9 ? '选填' : '必填'));
  const data = rows.map((r) => [...r, r[0] === '3' ? '住宿自理' : '']);
  return {
    aoa: [
      ['2026年国家级继续医学教育项目学员通讯录', ...Array(width - 1).fill(null)],
      ['项目编号：2026-01-01-001（国）　举办单位：某某医院', ...Array(width - 1).fill(null)],
      MESSY_HEADER,
      instruction,
      ...data,
    ],
    defects: defects.map(({ row, column, rule, fix }) => ({ row, column, rule, fix })),
  };
}

function sheetFrom(aoa, { merges = true } = {}) {
  const ws = XLSX.utils.aoa_to_sheet(aoa);
  if (merges) ws['!merges'] = [XLSX.utils.decode_range('A1:N1'), XLSX.utils.decode_range('A2:N2')];
  ws['!cols'] = aoa[2]?.map(() => ({ wch: 14 }));
  return ws;
}

function book(sheets) {
  const wb = XLSX.utils.book_new();
  for (const [name, ws] of sheets) XLSX.utils.book_append_sheet(wb, ws, name);
  return wb;
}

const instructions = XLSX.utils.aoa_to_sheet([['填表说明'], ['1. 证件号码请设为文本格式'], ['2. 职称请填写具体职称']]);

function cleanRoster(n = 60) {
  return [HEADER, ...makeRows(n, 3)];
}

export function makeAll() {
  mkdirSync(OUT, { recursive: true });
  const planted = plantedRoster();
  const files = {};
  const put = (name, bytes) => {
    writeFileSync(OUT + name, bytes);
    files[name] = bytes.length;
  };
  const xlsx = (wb) => new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }));

  put('clean.xlsx', xlsx(book([['学员通讯录', XLSX.utils.aoa_to_sheet(cleanRoster())]])));
  put('planted-defects.xlsx', xlsx(book([['填表说明', instructions], ['学员名单', sheetFrom(planted.aoa)]])));
  put('planted-defects.xls', new Uint8Array(XLSX.write(book([['学员名单', sheetFrom(planted.aoa)]]), { type: 'array', bookType: 'biff8' })));
  // As Excel saves a CSV: a too-wide number becomes its General display text, 1.10101E+17.
  const shown = (c) => (c === null || c === undefined ? '' : typeof c === 'number' && c > 1e15 ? c.toExponential(5).replace('e', 'E') : String(c));
  const csvRows = planted.aoa.map((r) => r.map(shown));
  const csv = XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(csvRows), { FS: ',', RS: '\r\n' });
  put('planted-defects-gbk.csv', encodeGbk(csv.replace(/\u200b|\u00a0|\u3000/g, ' ')));
  put('planted-defects-utf8-bom.csv', new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(csv)]));
  const tsv = XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(cleanRoster()), { FS: '\t', RS: '\n' });
  put('clean-tab.csv', new TextEncoder().encode(tsv));
  const semi = XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(cleanRoster()), { FS: ';', RS: '\n' });
  put('clean-semicolon.csv', new TextEncoder().encode(semi));
  put('clean-gbk.csv', encodeGbk(XLSX.utils.sheet_to_csv(XLSX.utils.aoa_to_sheet(cleanRoster()), { FS: ',', RS: '\r\n' })));
  put('no-roster-header.xlsx', xlsx(book([['Sheet1', XLSX.utils.aoa_to_sheet([['会议日程'], ['时间', '内容'], ['9:00', '开幕']])]])));
  put('too-few-attendees.xlsx', xlsx(book([['Sheet1', XLSX.utils.aoa_to_sheet(cleanRoster(12))]])));
  put('header-only.xlsx', xlsx(book([['Sheet1', XLSX.utils.aoa_to_sheet([HEADER])]])));
  put('missing-columns.xlsx', xlsx(book([['Sheet1', XLSX.utils.aoa_to_sheet(cleanRoster().map((r) => r.filter((_, c) => c !== COL['手机号码'] && c !== COL['职称'])))]])));
  // Only 2 of 60 qualify (out-of-province or grassroots): below the 10% line.
  const lowShare = cleanRoster().map((r, i) => (i === 0 ? r : i <= 2 ? r : [...r.slice(0, 5), '北京协和医院', '北京市', '否', ...r.slice(8)]));
  put('low-share.xlsx', xlsx(book([['Sheet1', XLSX.utils.aoa_to_sheet(lowShare)]])));
  // Columns as clerks add them (issue #19): a 科室 column between 工作单位 and 单位所在省份, a
  // column with neither header nor cells, and a header the profile does not know (微信号), with a
  // vague title in row 3 and a short province name in row 4 to the right of them.
  const odd = cleanRoster().map((r, i) => {
    const extra = i === 0 ? ['科室', '', '微信号'] : [i % 2 ? '心内科' : '呼吸科', '', `wx${String(i).padStart(3, '0')}`];
    return [...r.slice(0, 6), extra[0], ...r.slice(6, 8), extra[1], ...r.slice(8, 11), extra[2], ...r.slice(11)];
  });
  odd[2][10] = '中级';
  odd[3][7] = '河北';
  put('odd-columns.xlsx', xlsx(book([['学员名单', XLSX.utils.aoa_to_sheet(odd)]])));
  // Deterministic junk: not a spreadsheet at all.
  const junk = new Uint8Array(4096);
  let x = 12345;
  for (let i = 0; i < junk.length; i++) junk[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24;
  junk.set([0x50, 0x4b, 0x03, 0x04], 0);
  put('corrupt-zip.xlsx', junk);
  const good = xlsx(book([['Sheet1', XLSX.utils.aoa_to_sheet(cleanRoster())]]));
  put('truncated.xlsx', good.slice(0, Math.floor(good.length / 2)));
  put('empty.csv', new Uint8Array(0));
  // An official-looking blank template with drop-down lists, and a filled copy of it.
  const templates = makeTemplates();
  put('template-blank.xlsx', templates.blank);
  put('template-filled.xlsx', templates.filled);
  put('pdf-renamed.xlsx', new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'));
  return { files, planted, templatePlanted: templates.planted };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { files } = makeAll();
  for (const [name, size] of Object.entries(files)) console.log(`${name}\t${size} bytes`);
}
