// Sheets whose XML is not in the usual order, and shared formulas (issue #18, classes 2 and 3):
// part of the hostile corpus (scripts/make-hostile.mjs). Each roster has a few fixable errors
// (单位所在省份 "北京", fixed to "北京市") among its rows, so a corrected file shows whether every
// fix landed on its own cell and nothing else moved. Deterministic.
//
// CELLS lists each file with what the command line must answer; `grid` is the roster as every
// reader must see it (0-based rows; a missing row is empty), `fixed` the cells --fix changes.
import * as XLSX from 'xlsx';
import { HEADER, makeRows, rng } from './synth.mjs';
import { enc, unzip, zipFile } from './zip.mjs';

const REFUSED = 2;
const SHEET = 'xl/worksheets/sheet1.xml';
const PROVINCE = HEADER.indexOf('单位所在省份');

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const col = (c) => {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
};

/** A title row, an empty row, the header, then 12 attendees; rows 6, 9 and 14 (Excel) have "北京". */
function roster() {
  const rows = makeRows(12, 18).map((r) => r.slice());
  for (const i of [1, 4, 9]) rows[i][PROVINCE] = '北京';
  // Beijing attendees only where "北京" is fixed (the rest keep their own province).
  const grid = [['2026年某某培训班学员通讯录'], [], HEADER, ...rows];
  return grid;
}

/** One cell as an inline string ('' cells are left out unless `empties`). */
const cellXml = (r, c, v, ref) => `<c${ref ? ` r="${col(c)}${r + 1}"` : ''} t="inlineStr"><is><t>${esc(v)}</t></is></c>`;

/**
 * The sheet's rows as row elements: [{ r, cells: [{ c, xml }] }] in order, every r explicit; the
 * options then take attributes away or move elements.
 */
function rowElements(grid, { cellRefs = true, empties = false } = {}) {
  const out = [];
  grid.forEach((row, r) => {
    const cells = [];
    row.forEach((v, c) => {
      if (v === '' && !empties) return;
      cells.push({ c, xml: cellXml(r, c, v, cellRefs) });
    });
    if (cells.length) out.push({ r, cells });
  });
  return out;
}

function sheet(rows, { rowRefs = true } = {}) {
  const body = rows.map((row) => `<row${rowRefs ? ` r="${row.r + 1}"` : ''}>${row.cells.map((c) => c.xml).join('')}</row>`).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheetData>${body}</sheetData></worksheet>`;
}

/** A workbook (SheetJS's parts) whose sheet part is `xml`. */
function withSheet(xml) {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['x']]), '学员名单');
  const parts = unzip(Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true })));
  return zipFile(parts.map((e) => (e.name === SHEET ? { name: SHEET, data: enc(xml) } : e)));
}

function shuffle(list, seed) {
  const r = rng(seed);
  const out = list.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** The cells --fix changes in `grid` (0-based [row, col]): the "北京" ones. */
const fixesOf = (grid) => grid.flatMap((row, r) => (row[PROVINCE] === '北京' ? [[r, PROVINCE]] : []));

// --- Shared formulas ------------------------------------------------------------------------------

/**
 * The roster with its 单位所在省份 column computed by one shared formula (="北京", cached "北京"):
 * the master in the first attendee row, the children below. `masterFix`: the master's value has a
 * fix ("北京" → "北京市") that cannot be written (the children copy its formula).
 */
function sharedFormulaXml(grid) {
  const first = 3;
  const last = grid.length - 1;
  const ref = `${col(PROVINCE)}${first + 1}:${col(PROVINCE)}${last + 1}`;
  const rows = grid.map((row, r) => {
    const cells = row.map((v, c) => {
      if (v === '') return '';
      if (c !== PROVINCE || r < first) return cellXml(r, c, v, true);
      const f = r === first ? `<f t="shared" ref="${ref}" si="0">"北京"</f>` : '<f t="shared" si="0"/>';
      return `<c r="${col(c)}${r + 1}" t="str">${f}<v>${esc(v)}</v></c>`;
    });
    return `<row r="${r + 1}">${cells.join('')}</row>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
}

function formulaGrid() {
  const grid = roster();
  for (let r = 3; r < grid.length; r++) grid[r][PROVINCE] = '北京';
  return grid;
}

/**
 * A roster whose 序号 column is a shared formula (=ROW()-3), the master in the first attendee row:
 * deleting that row must leave the column working (the master moves to the next row).
 */
function serialFormulaXml(grid) {
  const first = 3;
  const last = grid.length - 1;
  const ref = `A${first + 1}:A${last + 1}`;
  const rows = grid.map((row, r) => {
    const cells = row.map((v, c) => {
      if (v === '') return '';
      if (c !== 0 || r < first) return cellXml(r, c, v, true);
      const f = r === first ? `<f t="shared" ref="${ref}" si="0">ROW()-3</f>` : '<f t="shared" si="0"/>';
      return `<c r="A${r + 1}">${f}<v>${r - 2}</v></c>`;
    });
    return `<row r="${r + 1}">${cells.join('')}</row>`;
  });
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.join('')}</sheetData></worksheet>`;
}

// --- The files ------------------------------------------------------------------------------------

const GRID = roster();

export const CELLS = [
  { name: 'cells-rows-without-r.xlsx', what: 'row elements without r, their cells with r (a title row, an empty row, then the header: the rows are not where their position says)', code: 1, grid: GRID, fixed: fixesOf(GRID) },
  { name: 'cells-no-r-at-all.xlsx', what: 'no r on any row or cell, every cell written (empty ones too)', code: 1, grid: GRID, fixed: fixesOf(GRID) },
  { name: 'cells-rows-shuffled.xlsx', what: 'rows in random order, every r explicit', code: 1, grid: GRID, fixed: fixesOf(GRID) },
  { name: 'cells-cells-reversed.xlsx', what: 'the cells of every row in reverse order, every r explicit', code: 1, grid: GRID, fixed: fixesOf(GRID) },
  { name: 'cells-row-split.xlsx', what: 'two row elements for Excel row 9 (half its cells in each), and a cell of row 12 inside the element of row 11', code: 1, grid: GRID, fixed: fixesOf(GRID) },
  { name: 'cells-repeated-cell.xlsx', what: 'one cell (G6) written twice with different values', code: REFUSED, kind: 'corrupt', stderr: /写了两次/ },
  { name: 'formula-shared-master.xlsx', what: '单位所在省份 computed by one shared formula (="北京"): the master cell has a fix ("北京市") that cannot be written', code: 1, grid: formulaGrid(), master: [3, PROVINCE] },
  { name: 'formula-serial-master.xlsx', what: '序号 computed by one shared formula (=ROW()-3) whose master is in the first attendee row, for deleting that row', code: 1 },
  { name: 'rels-dot-target.xlsx', what: 'the workbook names its sheet "./worksheets/sheet1.xml" (legal; SheetJS found no sheet behind it)', code: [0, 1] },
  { name: 'template-wide-lists.xlsx', what: 'a blank template 16,384 columns wide with one drop-down list whose 5,000 ranges each cover every column (--make-profile was quadratic)', code: [0, 1] },
  { name: 'manifest-hyperlink.xlsx', what: 'a batch manifest (项目清单) with a hyperlink over the whole sheet (read by SheetJS as raw bytes, it never finished)', code: REFUSED, kind: null, stderr: /表头/ },
  { name: 'manifest-wide.xlsx', what: 'a batch manifest declared A1:XFD1048576 with a cell in column XFD', code: REFUSED, kind: null, stderr: /表头/ },
];

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const MANIFEST = [['文件', '项目名称', '开始日期', '结束日期', '学时', '学分'], ['名单.xlsx', '培训班', '2026-03-10', '2026-03-11', 6, 2]];

/** SheetJS's parts of a one-sheet workbook of `rows`, each part's text passed through `edit`. */
function edited(rows, edit, name = '学员名单') {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  const parts = unzip(Buffer.from(XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true })));
  const out = parts.map((e) => {
    const next = edit(e.name, new TextDecoder().decode(e.data));
    return next === undefined ? e : { name: e.name, data: enc(next) };
  });
  return out;
}

function linkedManifest() {
  const parts = edited(MANIFEST, (name, x) => (name === SHEET ? x.replace('<worksheet ', `<worksheet xmlns:r="${REL}" `).replace('</sheetData>', '</sheetData><hyperlinks><hyperlink ref="A1:XFD1048576" r:id="rId9"/></hyperlinks>') : undefined), '项目清单');
  parts.push({ name: 'xl/worksheets/_rels/sheet1.xml.rels', data: enc(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="${REL}/hyperlink" Target="mailto:a@example.com" TargetMode="External"/></Relationships>`) });
  return zipFile(parts);
}

export function cellsFiles() {
  const files = {};
  const rows = rowElements(GRID);
  files['cells-rows-without-r.xlsx'] = withSheet(sheet(rows, { rowRefs: false }));
  // Every cell, empty ones too, up to the row's last: without r they are numbered by position.
  const dense = GRID.map((row) => row.slice());
  const full = dense.map((row, r) => ({ r, cells: row.map((v, c) => ({ c, xml: v === '' ? '<c/>' : cellXml(r, c, v, false) })) }));
  files['cells-no-r-at-all.xlsx'] = withSheet(sheet(full, { rowRefs: false }));
  files['cells-rows-shuffled.xlsx'] = withSheet(sheet(shuffle(rows, 7)));
  files['cells-cells-reversed.xlsx'] = withSheet(sheet(rows.map((row) => ({ r: row.r, cells: row.cells.slice().reverse() }))));
  const split = [];
  for (const row of rows) {
    if (row.r === 8) {
      split.push({ r: 8, cells: row.cells.slice(0, 6) }, { r: 8, cells: row.cells.slice(6) });
    } else if (row.r === 10) {
      const next = rows.find((x) => x.r === 11);
      split.push({ r: 10, cells: [...row.cells, next.cells[0]] });
    } else if (row.r === 11) split.push({ r: 11, cells: row.cells.slice(1) });
    else split.push(row);
  }
  files['cells-row-split.xlsx'] = withSheet(sheet(split));
  const twice = rows.map((row) => (row.r === 5 ? { r: 5, cells: [...row.cells, { c: PROVINCE, xml: cellXml(5, PROVINCE, '天津市', true) }] } : row));
  files['cells-repeated-cell.xlsx'] = withSheet(sheet(twice));
  files['formula-shared-master.xlsx'] = withSheet(sharedFormulaXml(formulaGrid()));
  const serial = roster();
  files['formula-serial-master.xlsx'] = withSheet(serialFormulaXml(serial));
  files['rels-dot-target.xlsx'] = zipFile(edited([HEADER, ...makeRows(20, 9)], (name, x) => (name === 'xl/_rels/workbook.xml.rels' ? x.replace('Target="worksheets/sheet1.xml"', 'Target="./worksheets/sheet1.xml"') : undefined)));
  const header = [...HEADER, ...Array.from({ length: 16384 - HEADER.length }, (_, i) => `列${i}`)];
  const sqref = Array.from({ length: 5000 }, () => 'A2:XFD3').join(' ');
  files['template-wide-lists.xlsx'] = zipFile(edited([header], (name, x) => (name === SHEET ? x.replace('</sheetData>', `</sheetData><dataValidations count="1"><dataValidation type="list" sqref="${sqref}"><formula1>"甲,乙"</formula1></dataValidation></dataValidations>`) : undefined), '模板'));
  files['manifest-hyperlink.xlsx'] = linkedManifest();
  files['manifest-wide.xlsx'] = zipFile(edited(MANIFEST, (name, x) => (name === SHEET ? x.replace(/<dimension ref="[^"]*"\/>/, '<dimension ref="A1:XFD1048576"/>').replace('</row></sheetData>', '<c r="XFD2" t="inlineStr"><is><t>备注</t></is></c></row></sheetData>') : undefined), '项目清单'));
  return files;
}
