// The official blank template (学员通讯录模板) as a profile. The template is not public and
// changes yearly; users download it from the reporting system and hand it to us. Its header row
// gives the columns and its drop-down lists (data validations) the dictionaries.
//
// SheetJS's community edition does not read data validations, so the package's XML is read here
// with saxes (a strict streaming XML parser: no DTD entities are expanded, so no entity bombs).
// `deriveProfile` takes the package's parts (name → bytes), so the package layer can hand them over
// directly.
import { SaxesParser } from 'saxes';
import { xlsTemplateBook } from './xls/template';
import { headerLabel, locate, LocateError } from '../core/locate';
import { extendProfile, ProfileError, type ColumnEntry, type ColumnKind, type Profile, type ProfileExtension } from '../core/profile';
import type { RawSheet } from '../core/types';
import { MAX_COLUMNS, MAX_INPUT_BYTES, MAX_ROW_INDEX, tooLargeMessage } from './limits';
import { resolvePartName } from './package';
import { openPackage, ReadError } from './read';

/** The parts of an .xlsx package: part name (as in the zip) → its bytes. */
export type Parts = ReadonlyMap<string, Uint8Array>;

/** Largest XML part we parse (a blank template's sheet is a few KB; a long hidden list a few hundred). */
export const MAX_TEMPLATE_PART_BYTES = 16 * 1024 * 1024;
/** Most non-empty cells kept over all sheets (header rows and dictionary sheets). */
export const MAX_TEMPLATE_CELLS = 200_000;
/** Most values in one drop-down list (the longest real one, the 24 subjects or the units of a city, is far shorter). */
export const MAX_LIST_VALUES = 5_000;
/** Most data validations read from one sheet. */
const MAX_VALIDATIONS = 10_000;
/** Longest text kept for one cell, formula or sqref (Excel's cell limit). */
const MAX_TEXT = 32_767;
/** Defined names that point to defined names: followed this deep at most. */
const MAX_NAME_DEPTH = 4;

const NOT_TEMPLATE = '这不是 Excel 格式的模板：请从申报系统下载空白模板（.xlsx 或 .xls），或在 Excel 中另存为 .xlsx 后再试';
const CORRUPT_TEMPLATE = '模板文件已损坏或不完整，无法读取；请重新从申报系统下载空白模板';

// --- The zip -----------------------------------------------------------------------------------

/**
 * The parts of an .xlsx, read by the package layer under its budgets (the same walk and inflater
 * that reads rosters: the template is as hostile as any file).
 */
export function templateParts(bytes: Uint8Array): ReadonlyMap<string, Uint8Array> {
  if (bytes.length > MAX_INPUT_BYTES) throw new ReadError('too-large', tooLargeMessage(bytes.length, MAX_INPUT_BYTES));
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)) throw new ReadError('not-spreadsheet', NOT_TEMPLATE);
  return openPackage(bytes).parts;
}

// --- XML -----------------------------------------------------------------------------------------

type Attrs = Map<string, string>;
interface XmlHandlers {
  open(name: string, attrs: Attrs): void;
  close(name: string): void;
  text(text: string): void;
}

const localName = (q: string) => q.slice(q.indexOf(':') + 1);

function decode(bytes: Uint8Array): string {
  // Excel writes UTF-8; a UTF-16 part (with its byte order mark) is valid XML too.
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** Stream one XML part through the handlers, element names and attribute names without prefixes. */
function parseXml(bytes: Uint8Array, h: XmlHandlers): void {
  if (bytes.length > MAX_TEMPLATE_PART_BYTES) {
    throw new ReadError('too-large', `模板中的一个部件过大（超过 ${MAX_TEMPLATE_PART_BYTES / 1024 / 1024} MB），这不像空白模板，无法读取`);
  }
  const parser = new SaxesParser({ position: false });
  parser.on('opentag', (tag) => {
    const attrs: Attrs = new Map();
    for (const [k, v] of Object.entries(tag.attributes)) attrs.set(localName(k), typeof v === 'string' ? v : v.value);
    h.open(localName(tag.name), attrs);
    if (tag.isSelfClosing) h.close(localName(tag.name));
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) h.close(localName(tag.name));
  });
  parser.on('text', (t) => h.text(t));
  parser.on('cdata', (t) => h.text(t));
  try {
    parser.write(decode(bytes)).close();
  } catch (e) {
    if (e instanceof ReadError) throw e;
    throw new ReadError('corrupt', CORRUPT_TEMPLATE);
  }
}

/** Appends text up to MAX_TEXT characters: a crafted part cannot grow one string without bound. */
function append(to: string, text: string): string {
  return to.length >= MAX_TEXT ? to : to + text.slice(0, MAX_TEXT - to.length);
}

// --- The workbook's parts ------------------------------------------------------------------------

interface SheetRef {
  name: string;
  part: string | undefined;
  hidden: boolean;
}

interface DefinedName {
  name: string;
  /** 0-based index of the sheet the name is local to; undefined: the whole workbook. */
  sheet: number | undefined;
  formula: string;
}

interface Validation {
  type: string;
  sqref: string;
  formula: string;
}

interface ParsedSheet extends RawSheet {
  validations: Validation[];
}

/** Part names are matched case-insensitively (zip tools differ), without a leading slash. */
class PartIndex {
  private readonly byLower = new Map<string, Uint8Array>();
  constructor(parts: Parts) {
    for (const [name, bytes] of parts) this.byLower.set(name.replace(/^\/+/, '').toLowerCase(), bytes);
  }
  get(name: string): Uint8Array | undefined {
    return this.byLower.get(name.replace(/^\/+/, '').toLowerCase());
  }
}

function relsOf(parts: PartIndex, part: string): Map<string, { type: string; target: string }> {
  const out = new Map<string, { type: string; target: string }>();
  const slash = part.lastIndexOf('/');
  const relsName = `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
  const bytes = parts.get(relsName);
  if (!bytes) return out;
  parseXml(bytes, {
    open(name, a) {
      if (name !== 'Relationship' || a.get('TargetMode') === 'External') return;
      const id = a.get('Id');
      const target = a.get('Target');
      if (id && target) out.set(id, { type: a.get('Type') ?? '', target: resolvePartName(part, target) });
    },
    close() {},
    text() {},
  });
  return out;
}

function readWorkbookPart(parts: PartIndex): { main: string; sheets: SheetRef[]; names: DefinedName[] } {
  let main = 'xl/workbook.xml';
  for (const rel of relsOf(parts, '').values()) if (rel.type.endsWith('/officeDocument')) main = rel.target;
  const bytes = parts.get(main);
  if (!bytes) throw new ReadError('not-spreadsheet', NOT_TEMPLATE);
  const rels = relsOf(parts, main);
  const sheets: SheetRef[] = [];
  const names: DefinedName[] = [];
  let current: DefinedName | null = null;
  parseXml(bytes, {
    open(name, a) {
      if (name === 'sheet') {
        const rel = rels.get(a.get('id') ?? '');
        sheets.push({ name: a.get('name') ?? `Sheet${sheets.length + 1}`, part: rel?.target, hidden: (a.get('state') ?? 'visible') !== 'visible' });
      } else if (name === 'definedName') {
        const local = a.get('localSheetId');
        current = { name: a.get('name') ?? '', sheet: local !== undefined && /^\d{1,5}$/.test(local) ? Number(local) : undefined, formula: '' };
      }
    },
    close(name) {
      if (name === 'definedName' && current) {
        if (current.name && names.length < MAX_VALIDATIONS) names.push(current);
        current = null;
      }
    },
    text(t) {
      if (current) current.formula = append(current.formula, t);
    },
  });
  if (sheets.length === 0) throw new ReadError('not-spreadsheet', NOT_TEMPLATE);
  return { main, sheets, names };
}

function readSharedStrings(parts: PartIndex, workbookPart: string): string[] {
  let part = 'xl/sharedStrings.xml';
  for (const rel of relsOf(parts, workbookPart).values()) if (rel.type.endsWith('/sharedStrings')) part = rel.target;
  const bytes = parts.get(part);
  const out: string[] = [];
  if (!bytes) return out;
  let inSi = false;
  let inT = false;
  let phonetic = 0;
  let cur = '';
  parseXml(bytes, {
    open(name) {
      if (name === 'si') {
        inSi = true;
        cur = '';
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && inSi && phonetic === 0) inT = true;
    },
    close(name) {
      if (name === 'si') {
        out.push(cur);
        inSi = false;
      } else if (name === 'rPh') phonetic--;
      else if (name === 't') inT = false;
    },
    text(t) {
      if (inT) cur = append(cur, t);
    },
  });
  return out;
}

const CELL_REF = /^\$?([A-Za-z]{1,3})\$?(\d{1,7})$/;

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** Cells (as display text) and data validations of one worksheet part. */
function readSheet(bytes: Uint8Array, name: string, sst: readonly string[], budget: { cells: number }): ParsedSheet {
  const rows: string[][] = [];
  const validations: Validation[] = [];
  let row = -1;
  let col = -1;
  let cellType = '';
  let value = '';
  let inline = '';
  let inCell = false;
  let inV = false;
  let inIs = false;
  let inT = false;
  let phonetic = 0;
  let dv: Validation | null = null;
  let inFormula1 = false;
  let inSqref = false;
  parseXml(bytes, {
    open(el, a) {
      switch (el) {
        case 'row': {
          const r = Number(a.get('r'));
          row = Number.isInteger(r) && r >= 1 ? r - 1 : row + 1;
          col = -1;
          break;
        }
        case 'c': {
          const m = CELL_REF.exec(a.get('r') ?? '');
          if (m) {
            col = columnIndex(m[1] as string);
            row = Number(m[2]) - 1;
          } else col++;
          cellType = a.get('t') ?? 'n';
          value = '';
          inline = '';
          inCell = true;
          break;
        }
        case 'v':
          inV = inCell;
          break;
        case 'is':
          inIs = inCell;
          break;
        case 'rPh':
          phonetic++;
          break;
        case 't':
          inT = inIs && phonetic === 0;
          break;
        case 'dataValidation':
          dv = { type: a.get('type') ?? 'none', sqref: a.get('sqref') ?? '', formula: '' };
          break;
        case 'formula1':
          inFormula1 = dv !== null;
          break;
        case 'sqref':
          inSqref = dv !== null;
          break;
      }
    },
    close(el) {
      switch (el) {
        case 'c': {
          inCell = false;
          const text = cellType === 's' ? sst[Number(value)] ?? '' : cellType === 'inlineStr' ? inline : cellType === 'b' ? (value === '1' ? 'TRUE' : 'FALSE') : value;
          if (text === '' || row < 0 || row >= MAX_ROW_INDEX || col < 0 || col >= MAX_COLUMNS) break;
          if (--budget.cells < 0) throw new ReadError('too-large', `模板中的单元格过多（超过 ${MAX_TEMPLATE_CELLS} 个），这不像空白模板；请确认选的是申报系统下载的空白模板`);
          (rows[row] ??= [])[col] = text;
          break;
        }
        case 'v':
          inV = false;
          break;
        case 'is':
          inIs = false;
          break;
        case 'rPh':
          phonetic--;
          break;
        case 't':
          inT = false;
          break;
        case 'dataValidation':
          if (dv && validations.length < MAX_VALIDATIONS) validations.push(dv);
          dv = null;
          break;
        case 'formula1':
          inFormula1 = false;
          break;
        case 'sqref':
          inSqref = false;
          break;
      }
    },
    text(t) {
      if (inV) value = append(value, t);
      else if (inT) inline = append(inline, t);
      else if (inFormula1 && dv) dv.formula = append(dv.formula, t);
      else if (inSqref && dv) dv.sqref = append(dv.sqref, t);
    },
  });
  return { name, rows, numeric: new Set(), validations };
}

// --- Drop-down lists -----------------------------------------------------------------------------

type ListSource = 'inline' | 'range' | 'name';
type ListResult = { values: string[]; source: ListSource } | { problem: string };

interface Area {
  sheet: number;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

/** "A1", "$A$1:$A$20", "A:A" or "1:3" → 0-based bounds; null if it is not a plain reference. */
function parseArea(ref: string): Omit<Area, 'sheet'> | null {
  const pieces = ref.split(':');
  const a = pieces[0];
  const b = pieces[1] ?? a;
  if (a === undefined || b === undefined || pieces.length > 2) return null;
  const area = bounds(a, b);
  // Beyond Excel's sheet: not a reference Excel wrote.
  return area && area.c2 < MAX_COLUMNS && area.r2 < MAX_ROW_INDEX ? area : null;
}

function bounds(a: string, b: string): Omit<Area, 'sheet'> | null {
  const cell = (s: string) => CELL_REF.exec(s);
  const ca = cell(a);
  const cb = cell(b);
  if (ca && cb) {
    const c1 = columnIndex(ca[1] as string);
    const c2 = columnIndex(cb[1] as string);
    const r1 = Number(ca[2]) - 1;
    const r2 = Number(cb[2]) - 1;
    return { r1: Math.min(r1, r2), r2: Math.max(r1, r2), c1: Math.min(c1, c2), c2: Math.max(c1, c2) };
  }
  const colA = /^\$?([A-Za-z]{1,3})$/.exec(a);
  const colB = /^\$?([A-Za-z]{1,3})$/.exec(b);
  if (colA && colB) {
    const c1 = columnIndex(colA[1] as string);
    const c2 = columnIndex(colB[1] as string);
    return { r1: 0, r2: MAX_ROW_INDEX - 1, c1: Math.min(c1, c2), c2: Math.max(c1, c2) };
  }
  const rowA = /^\$?(\d{1,7})$/.exec(a);
  const rowB = /^\$?(\d{1,7})$/.exec(b);
  if (rowA && rowB) {
    const r1 = Number(rowA[1]) - 1;
    const r2 = Number(rowB[1]) - 1;
    return { r1: Math.min(r1, r2), r2: Math.max(r1, r2), c1: 0, c2: MAX_COLUMNS - 1 };
  }
  return null;
}

/** An inline list as Excel stores it: "男,女" (quotes doubled inside). */
function inlineList(formula: string): string[] {
  return formula.slice(1, -1).replace(/""/g, '"').split(',');
}

function unique(values: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const v of values) {
    const t = v.trim();
    if (t) out.add(t);
    if (out.size > MAX_LIST_VALUES) break;
  }
  return [...out];
}

/**
 * Cells visited over all lists. Each header column is resolved once, but a crafted template can
 * give thousands of columns each a list over a sheet of 200,000 cells.
 */
const MAX_LIST_VISITS = 2_000_000;
const TOO_MANY_LISTS = () => new ReadError('too-large', '模板中的下拉列表过多或过长，这不像空白模板，无法读取');

class Lists {
  private visits = MAX_LIST_VISITS;
  constructor(
    private readonly sheets: readonly ParsedSheet[],
    private readonly refs: readonly { name: string }[],
    private readonly names: readonly DefinedName[],
  ) {}

  /** The values of a list validation's formula on sheet `at`. */
  resolve(formula: string, at: number, depth = 0): ListResult {
    const f = formula.trim().replace(/^=/, '');
    if (f.length >= 2 && f.startsWith('"') && f.endsWith('"')) return this.checked({ values: unique(inlineList(f)), source: 'inline' });
    const ref = /^(?:(?:'((?:[^']|'')+)'|([^'!]+))!)?([$A-Za-z0-9]+(?::[$A-Za-z0-9]+)?)$/.exec(f);
    if (ref) {
      const sheetName = ref[1]?.replace(/''/g, "'") ?? ref[2];
      const area = parseArea(ref[3] as string);
      if (area) {
        const sheet = sheetName === undefined ? at : this.refs.findIndex((s) => s.name.toLowerCase() === sheetName.toLowerCase());
        if (sheet < 0) return { problem: `引用了不存在的工作表“${sheetName ?? ''}”` };
        return this.checked({ values: this.valuesIn({ sheet, ...area }), source: 'range' });
      }
    }
    if (/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(f) && depth < MAX_NAME_DEPTH) {
      const key = f.toLowerCase();
      const name = this.names.find((n) => n.name.toLowerCase() === key && n.sheet === at) ?? this.names.find((n) => n.name.toLowerCase() === key && n.sheet === undefined);
      if (!name) return { problem: `引用了不存在的名称“${f}”` };
      const found = this.resolve(name.formula, name.sheet ?? at, depth + 1);
      return 'values' in found ? { values: found.values, source: 'name' } : found;
    }
    if (f.includes('#REF!')) return { problem: '下拉列表引用的区域已被删除（#REF!）' };
    return { problem: '下拉列表由公式生成（如 INDIRECT、OFFSET），无法读取' };
  }

  private checked(r: { values: string[]; source: ListSource }): ListResult {
    if (r.values.length > MAX_LIST_VALUES) return { problem: `下拉列表超过 ${MAX_LIST_VALUES} 项，未采用` };
    if (r.values.length === 0) return { problem: '下拉列表是空的' };
    return r;
  }

  /** Non-empty cells of an area, row by row; only cells that exist are visited. */
  private valuesIn(a: Area): string[] {
    const rows = this.sheets[a.sheet]?.rows ?? [];
    const out: string[] = [];
    rows.forEach((row, r) => {
      if (--this.visits < 0) throw TOO_MANY_LISTS();
      if (r < a.r1 || r > a.r2 || out.length > MAX_LIST_VALUES) return;
      row.forEach((v, c) => {
        if (--this.visits < 0) throw TOO_MANY_LISTS();
        if (c >= a.c1 && c <= a.c2) out.push(v);
      });
    });
    return unique(out);
  }
}

/** Most ranges read from the sqrefs of one sheet's validations (a real template has a few dozen). */
const MAX_SQREF_RANGES = 5_000;

/**
 * Header columns that have no list yet. `take` hands out those in a column range and removes them,
 * each in about constant time (a union-find of the next open column), so a template of 16,384
 * columns and thousands of ranges that each span them all costs what its columns and ranges do,
 * not their product.
 */
class OpenColumns {
  private readonly parent: Int32Array;
  size = 0;
  constructor(columns: readonly number[]) {
    // parent[c] leads to the first open column at or after c; MAX_COLUMNS ends every chain.
    this.parent = new Int32Array(MAX_COLUMNS + 1);
    for (let c = 0; c <= MAX_COLUMNS; c++) this.parent[c] = c + 1;
    this.parent[MAX_COLUMNS] = MAX_COLUMNS;
    for (const c of columns) {
      if (c < 0 || c >= MAX_COLUMNS || this.parent[c] === c) continue;
      this.parent[c] = c;
      this.size++;
    }
  }
  private find(c: number): number {
    let root = c;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    while (this.parent[c] !== root) {
      const next = this.parent[c] as number;
      this.parent[c] = root;
      c = next;
    }
    return root;
  }
  /** The open columns from c1 to c2, ascending; they are open no more. */
  take(c1: number, c2: number): number[] {
    const out: number[] = [];
    for (let c = this.find(Math.max(0, c1)); c <= c2 && c < MAX_COLUMNS; c = this.find(c)) {
      out.push(c);
      this.parent[c] = c + 1;
      this.size--;
    }
    return out;
  }
}

/**
 * Of the open header columns, those a validation's sqref covers below `headerRow` (0-based),
 * taken from `open`. Ranges are checked against the open columns, never column by column:
 * "A1:XFD1048576" costs as little as "A2".
 */
function columnsBelow(sqref: string, headerRow: number, open: OpenColumns, budget: { ranges: number }): number[] {
  const out: number[] = [];
  for (const ref of sqref.trim().split(/\s+/)) {
    if (--budget.ranges < 0) break;
    const a = parseArea(ref);
    if (!a || a.r2 <= headerRow) continue;
    for (const c of open.take(a.c1, a.c2)) out.push(c);
    if (open.size === 0) break;
  }
  return out.sort((x, y) => x - y);
}

// --- Deriving the profile ------------------------------------------------------------------------

export interface TemplateColumn {
  /** The header as the template writes it, notes stripped. */
  label: string;
  /** The built-in column it is, or null for a column only the template has. */
  builtin: string | null;
  kind: ColumnKind;
  required: boolean;
  /** Its drop-down list's size (null: none), and where the list came from. */
  list: { size: number; source: ListSource | 'builtin' } | null;
}

export interface DerivedTemplate {
  /** The profile file (the `--profile-file` format) that describes the template completely. */
  extension: ProfileExtension;
  /** That file applied to the built-in profile. */
  profile: Profile;
  sheetName: string;
  /** Excel row of the header. */
  headerRow: number;
  columns: TemplateColumn[];
  /** Template columns the built-in profile does not know. */
  added: string[];
  /** Built-in columns the template does not have (no longer checked). */
  dropped: string[];
  /** Lists that differ from the built-in dictionary of the same column. */
  lists: { column: string; added: string[]; removed: string[] }[];
  /** What could not be used, one Chinese sentence each. */
  notes: string[];
}

const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));
const REQUIRED_NOTE = /必填|^[*＊]/;
const OPTIONAL_NOTE = /非必填|选填|可不填/;

/**
 * Derive a complete profile from a blank template's parts. Columns the built-in profile knows keep
 * their kinds and rules (and their dictionary takes the template's list when it has one); other
 * columns become plain or drop-down columns. Throws ReadError (one Chinese sentence).
 */
export function deriveProfile(parts: Parts, base: Profile, options: { fileName?: string } = {}): DerivedTemplate {
  const index = new PartIndex(parts);
  const { main, sheets: refs, names } = readWorkbookPart(index);
  const sst = readSharedStrings(index, main);
  const budget = { cells: MAX_TEMPLATE_CELLS };
  const sheets = refs.map((ref) => {
    const bytes = ref.part === undefined ? undefined : index.get(ref.part);
    return bytes ? readSheet(bytes, ref.name, sst, budget) : { name: ref.name, rows: [], numeric: new Set<number>(), validations: [] };
  });
  return deriveFromBook({ refs, names, sheets }, base, options);
}

/** The profile of a template's sheets, names and validations, however the file held them (.xlsx or .xls). */
function deriveFromBook(book: { refs: readonly { name: string }[]; names: readonly DefinedName[]; sheets: readonly ParsedSheet[] }, base: Profile, options: { fileName?: string }): DerivedTemplate {
  const { refs, names, sheets } = book;

  let located;
  try {
    located = locate({ format: 'xlsx', sheets: [...sheets] }, base);
  } catch (e) {
    if (e instanceof LocateError) throw new ReadError('not-spreadsheet', '模板中未找到学员通讯录的表头（如“姓名”“证件号码”“手机号码”），请确认选的是申报系统下载的学员通讯录模板');
    throw e;
  }
  const sheet = sheets[located.sheetIndex] as ParsedSheet;
  const header = sheet.rows[located.headerRow] ?? [];
  const lists = new Lists(sheets, refs, names);
  const notes: string[] = [];

  // The list of each header column: the first list validation that covers it below the header.
  // Each column is settled once (a list, or a note that its list cannot be read).
  const listOf = new Map<number, { values: string[]; source: ListSource }>();
  const headed: number[] = [];
  header.forEach((cell, c) => {
    if (cell.trim()) headed.push(c);
  });
  const open = new OpenColumns(headed);
  const ranges = { ranges: MAX_SQREF_RANGES };
  for (const v of sheet.validations) {
    if (open.size === 0 || ranges.ranges <= 0) break;
    if (v.type !== 'list') continue;
    const cols = columnsBelow(v.sqref, located.headerRow, open, ranges);
    if (cols.length === 0) continue;
    const found = lists.resolve(v.formula, located.sheetIndex);
    if ('problem' in found) {
      for (const c of cols) notes.push(`“${headerLabel(header[c] ?? '')}”列的下拉列表未能读取：${found.problem}`);
      continue;
    }
    for (const c of cols) listOf.set(c, found);
  }

  const entries: ColumnEntry[] = [];
  const columns: TemplateColumn[] = [];
  const dictionaries: NonNullable<ProfileExtension['dictionaries']> = {};
  const labels: string[] = [];
  const cells: string[] = [];
  const added: string[] = [];
  const changed: DerivedTemplate['lists'] = [];
  const taken = new Set<string>();
  header.forEach((cell, c) => {
    if (!cell.trim()) return;
    const label = headerLabel(cell);
    const known = located.byIndex[c];
    const list = listOf.get(c);
    labels.push(label);
    cells.push(cell.trim());
    if (known) {
      // Only the name: kind, rules and dictionary come from the built-in profile the file is applied
      // to, so the page can apply it to either level (a municipal project's 单位所在省份 stays optional).
      const entry: ColumnEntry = { name: known.name };
      if (label !== known.name && !known.aliases.includes(label)) entry.aliases = [label];
      let info: TemplateColumn['list'] = known.dictionary ? { size: base.dictionaries[known.dictionary]?.values.length ?? 0, source: 'builtin' } : null;
      if (list && known.dictionary !== undefined) {
        dictionaries[known.dictionary] = { values: list.values, replace: true };
        info = { size: list.values.length, source: list.source };
        const before = base.dictionaries[known.dictionary]?.values ?? [];
        const plus = list.values.filter((v) => !before.includes(v));
        const minus = before.filter((v) => !list.values.includes(v));
        if (plus.length > 0 || minus.length > 0) changed.push({ column: known.name, added: plus, removed: minus });
      } else if (list) {
        notes.push(`“${label}”列在模板中有下拉列表，但仍按${known.name}的格式检查`);
      }
      taken.add(known.name);
      entries.push(entry);
      columns.push({ label, builtin: known.name, kind: known.kind, required: known.required, list: info });
      return;
    }
    if (taken.has(label) || base.columns.some((b) => b.name === label)) {
      notes.push(`模板中“${label}”列重复，只采用第一列`);
      return;
    }
    taken.add(label);
    const required = REQUIRED_NOTE.test(cell.trim()) && !OPTIONAL_NOTE.test(cell);
    const entry: ColumnEntry = { name: label, kind: list ? 'dictionary' : 'text', required };
    if (list) {
      let dict = label;
      while (RESERVED.has(dict) || Object.hasOwn(base.dictionaries, dict) || Object.hasOwn(dictionaries, dict)) dict = `${dict}（模板）`;
      dictionaries[dict] = { values: list.values };
      entry.dictionary = dict;
    }
    added.push(label);
    entries.push(entry);
    columns.push({ label, builtin: null, kind: entry.kind ?? 'text', required, list: list ? { size: list.values.length, source: list.source } : null });
  });
  const dropped = base.columns.filter((b) => !taken.has(b.name)).map((b) => b.name);

  const fileName = options.fileName ?? '';
  const extension: ProfileExtension = {
    extends: base.id,
    id: 'template',
    name: `${base.name}（官方模板${fileName ? `：${fileName}` : ''}）`,
    template: { file: fileName, columns: labels, cells },
    columns: entries,
  };
  if (Object.keys(dictionaries).length > 0) extension.dictionaries = dictionaries;
  let profile: Profile;
  try {
    profile = extendProfile(base, extension);
  } catch (e) {
    if (e instanceof ProfileError) throw new ReadError('not-spreadsheet', `无法从模板生成校验方案：${e.message}`);
    throw e;
  }
  return { extension, profile, sheetName: sheet.name, headerRow: located.headerRow + 1, columns, added, dropped, lists: changed, notes };
}

/** Read a blank template file and derive its profile (the zip read by the stop-gap adapter). */
export function profileFromTemplate(bytes: Uint8Array, base: Profile, options: { fileName?: string } = {}): DerivedTemplate {
  // An Excel 97–2003 template (a compound file): its DV and NAME records read by xls/template.ts.
  if (bytes.length <= MAX_INPUT_BYTES && bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) return deriveFromBook(xlsTemplateBook(bytes), base, options);
  return deriveProfile(templateParts(bytes), base, options);
}

const few = (values: string[], n = 8) => (values.length <= n ? values.join('、') : `${values.slice(0, n).join('、')} 等 ${values.length} 项`);

/** What the template adds to or drops from the built-in profile, as Chinese lines. */
export function describeTemplate(d: DerivedTemplate): string[] {
  const lines = [`模板表头在工作表“${d.sheetName}”第 ${d.headerRow} 行，共 ${d.columns.length} 列。`];
  if (d.added.length > 0) lines.push(`模板新增的列：${d.added.join('、')}`);
  if (d.dropped.length > 0) lines.push(`模板中没有、不再检查的列：${d.dropped.join('、')}`);
  for (const l of d.lists) {
    const parts: string[] = [];
    if (l.added.length > 0) parts.push(`新增 ${few(l.added)}`);
    if (l.removed.length > 0) parts.push(`去掉 ${few(l.removed)}`);
    lines.push(`“${l.column}”的下拉列表与内置字典不同：${parts.join('；')}`);
  }
  lines.push(...d.notes);
  return lines;
}
