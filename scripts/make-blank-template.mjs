// An official-looking blank template (学员通讯录模板) with drop-down lists, and a filled copy of it,
// for the template-profile tests. SheetJS's community edition cannot write data validations, so
// the package's XML parts are written here by hand: one list written inline ("男,女"), one as a
// range on a hidden sheet, one as a defined name, and two in Excel 2010's x14 extension (a range
// and an inline list), the ways the reporting system's templates carry their dictionaries.
// Synthetic people only. Called by make-fixtures.mjs.
import { readFileSync } from 'node:fs';
import { zipFile } from './zip.mjs';
import { makeRows } from './synth.mjs';

const national = JSON.parse(readFileSync(new URL('../src/lib/core/profiles/national.json', import.meta.url), 'utf8'));

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const enc = (s) => new TextEncoder().encode(s);

export function colLetter(c) {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const X14_URI = '{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}';

/**
 * The parts of an .xlsx: `sheets` [{ name, hidden, rows: (string|null)[][], validations:
 * [{ sqref, formula }], x14: [{ sqref, formula }] }], `names` [{ name, ref, sheet? }]. Strings are
 * shared strings unless `inline` is set. `sheetXml` replaces a sheet's XML as it is (crafted tests).
 * @param {{ sheets: any[], names?: { name: string, ref: string, sheet?: number }[], inline?: boolean, sheetXml?: Record<number, string | Uint8Array> }} spec
 * @returns {{ name: string, data: Uint8Array }[]}
 */
export function templateParts({ sheets, names = [], inline = false, sheetXml = {} }) {
  const sst = [];
  const sstIndex = new Map();
  const str = (s) => {
    if (!sstIndex.has(s)) {
      sstIndex.set(s, sst.length);
      sst.push(s);
    }
    return sstIndex.get(s);
  };
  const parts = [];
  const sheetParts = sheets.map((sh, i) => {
    if (sheetXml[i] !== undefined) return sheetXml[i];
    const rows = sh.rows
      .map((row, r) => {
        const cells = row
          .map((v, c) => {
            if (v === null || v === undefined || v === '') return '';
            const ref = `${colLetter(c)}${r + 1}`;
            if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
            return inline ? `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>` : `<c r="${ref}" t="s"><v>${str(v)}</v></c>`;
          })
          .join('');
        return cells ? `<row r="${r + 1}">${cells}</row>` : '';
      })
      .join('');
    const dv = sh.validations?.length
      ? `<dataValidations count="${sh.validations.length}">${sh.validations
          .map((v) => `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${v.sqref}"><formula1>${esc(v.formula)}</formula1></dataValidation>`)
          .join('')}</dataValidations>`
      : '';
    const x14 = sh.x14?.length
      ? `<extLst><ext uri="${X14_URI}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:dataValidations count="${sh.x14.length}" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">${sh.x14
          .map((v) => `<x14:dataValidation type="list" allowBlank="1" showErrorMessage="1"><x14:formula1><xm:f>${esc(v.formula)}</xm:f></x14:formula1><xm:sqref>${v.sqref}</xm:sqref></x14:dataValidation>`)
          .join('')}</x14:dataValidations></ext></extLst>`
      : '';
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${NS}" xmlns:r="${REL_NS}"><sheetData>${rows}</sheetData>${dv}${x14}</worksheet>`;
  });
  const workbook = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets>${sheets
    .map((sh, i) => `<sheet name="${esc(sh.name)}" sheetId="${i + 1}"${sh.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`)
    .join('')}</sheets>${
    names.length
      ? `<definedNames>${names.map((n) => `<definedName name="${esc(n.name)}"${n.sheet === undefined ? '' : ` localSheetId="${n.sheet}"`}>${esc(n.ref)}</definedName>`).join('')}</definedNames>`
      : ''
  }</workbook>`;
  const rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
    .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL_NS}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
    .join('')}<Relationship Id="rId${sheets.length + 1}" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  const sstXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}" count="${sst.length}" uniqueCount="${sst.length}">${sst
    .map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`)
    .join('')}</sst>`;
  const types = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets
    .map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`)
    .join('')}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`;
  parts.push({ name: '[Content_Types].xml', data: enc(types) });
  parts.push({ name: '_rels/.rels', data: enc(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`) });
  parts.push({ name: 'xl/workbook.xml', data: enc(workbook) });
  parts.push({ name: 'xl/_rels/workbook.xml.rels', data: enc(rels) });
  sheetParts.forEach((xml, i) => parts.push({ name: `xl/worksheets/sheet${i + 1}.xml`, data: typeof xml === 'string' ? enc(xml) : xml }));
  // Written last: the sheets above added their strings to it.
  parts.push({ name: 'xl/sharedStrings.xml', data: enc(sstXml) });
  return parts;
}

/** The template's header: notes as clerks' templates have them; no 电子邮箱, a column of its own. */
export const TEMPLATE_HEADER = ['序号', '姓名\n(必填)', '性别', '证件类型', '*证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '手机号码', '培训方式\n(必填)'];
/** Its 职称 list: the titles of the synthetic rosters and two more, one of them unknown to the built-in profile. */
export const TEMPLATE_TITLES = ['主任医师', '副主任医师', '主治医师', '医师', '副主任护师', '主管护师', '护师', '护士', '主管药师', '主管技师', '其他卫生技术人员'];
export const TEMPLATE_EDUCATION = ['博士后', '博士研究生', '硕士研究生', '大学本科', '大学专科', '中专', '高中及以下'];
const PROVINCES = national.dictionaries.province.values;
const FIRST_DATA_ROW = 3; // Excel row: title, header, then attendees

function templateSpec(dataRows) {
  const lists = [];
  const longest = Math.max(TEMPLATE_TITLES.length, PROVINCES.length, TEMPLATE_EDUCATION.length);
  for (let i = 0; i < longest; i++) lists.push([TEMPLATE_TITLES[i] ?? null, PROVINCES[i] ?? null, TEMPLATE_EDUCATION[i] ?? null]);
  const col = (name) => colLetter(TEMPLATE_HEADER.findIndex((h) => h.replace(/^\*/, '').startsWith(name)));
  const below = (name) => `${col(name)}${FIRST_DATA_ROW}:${col(name)}1000`;
  return {
    sheets: [
      { name: '填表说明', rows: [['填表说明'], ['1. 请勿修改表头'], ['2. 下拉列表中的选项请勿改写']] },
      {
        name: '学员通讯录',
        rows: [['2026年继续医学教育项目学员通讯录（请勿修改表头）'], TEMPLATE_HEADER, ...dataRows],
        validations: [
          { sqref: below('性别'), formula: '"男,女"' },
          { sqref: below('是否基层单位'), formula: '"是,否"' },
          { sqref: below('职称'), formula: `字典!$A$1:$A$${TEMPLATE_TITLES.length}` },
          { sqref: below('单位所在省份'), formula: '省份列表' },
        ],
        x14: [
          { sqref: below('学历'), formula: `字典!$C$1:$C$${TEMPLATE_EDUCATION.length}` },
          { sqref: below('培训方式'), formula: '"线上,线下"' },
        ],
      },
      { name: '字典', hidden: true, rows: lists },
    ],
    names: [{ name: '省份列表', ref: `字典!$B$1:$B$${PROVINCES.length}` }],
  };
}

/**
 * The filled copy's planted values: 0-based attendee index, the column, the value, and whether
 * the template's profile must flag it (`rule`) or accept it (null).
 */
export const TEMPLATE_PLANTED = [
  { i: 0, column: '职称', value: '主任药师', rule: 'dictionary' }, // the built-in dictionary has it; the template does not
  { i: 1, column: '职称', value: '其他卫生技术人员', rule: null }, // only the template allows it
  { i: 2, column: '学历', value: '博士后', rule: null }, // only the template allows it (x14 list)
  { i: 3, column: '培训方式', value: '函授', rule: 'dictionary' },
  { i: 4, column: '培训方式', value: '', rule: 'required' },
  { i: 5, column: '性别', value: '男性', rule: 'dictionary' }, // a known slip: still fixed to 男
].map((p) => ({ ...p, row: FIRST_DATA_ROW + p.i }));

export function makeTemplates() {
  const synth = makeRows(60, 11);
  const at = (name) => TEMPLATE_HEADER.findIndex((h) => h.replace(/^\*/, '').startsWith(name));
  // The template's order is the synthetic roster's, with 培训方式 in place of 电子邮箱.
  const rows = synth.map((r) => [...r.slice(0, 12), '线下']);
  const planted = TEMPLATE_PLANTED.map((p) => ({ ...p }));
  for (const p of planted) {
    const row = rows[p.i];
    if (p.column === '性别') {
      // Keep the ID's sex digit in agreement, so only the slip is reported.
      row[at('性别')] = Number(row[at('证件号码')][16]) % 2 ? '男性' : '女性';
      p.value = row[at('性别')];
    } else row[at(p.column)] = p.value;
  }
  return {
    blank: zipFile(templateParts(templateSpec([]))),
    filled: zipFile(templateParts(templateSpec(rows))),
    planted,
  };
}
