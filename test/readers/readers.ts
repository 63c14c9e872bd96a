// The independent readers and writers the .xls tests run: Apache POI HSSF and jxl (XlsTool.java,
// one JVM for many files) and LibreOffice headless. CI installs all of them (.ci/run), so the tests
// that use them are never skipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

const JAVA = '/usr/share/java';
/** Debian's POI and jxl jars and what POI needs beside it. */
export const CLASSPATH = ['poi.jar', 'commons-io.jar', 'commons-collections4.jar', 'commons-math3.jar', 'commons-codec.jar', 'log4j-1.2.jar', 'jxl.jar'].map((j) => join(JAVA, j)).join(':');
const TOOL = join(import.meta.dirname, 'XlsTool.java');

export interface ReadCell {
  r: number;
  c: number;
  type: string;
  text: string;
  format?: string;
  font?: string;
  fill?: string;
}
export interface ReadSheet {
  name: string;
  hidden: boolean;
  cells: ReadCell[];
  merges: string[];
  validations: string[];
  pane: string | null;
  print: string;
  comments: string[];
  conditional?: string[];
  links?: string[];
  breaks?: number[];
  pictures?: string[];
  rowHeights?: string[];
  widths?: number[];
  protected?: boolean;
}
export interface ReadBook {
  error?: string;
  sheets: ReadSheet[];
  names?: string[];
}

/** Every file read by POI HSSF and by jxl, in one JVM. */
export function readXls(files: readonly string[]): Map<string, { poi: ReadBook; jxl: ReadBook }> {
  const out = execFileSync('java', ['-cp', CLASSPATH, TOOL, 'read', ...files], { timeout: 300_000, maxBuffer: 1 << 28, encoding: 'utf8' });
  const map = new Map<string, { poi: ReadBook; jxl: ReadBook }>();
  for (const line of out.split('\n')) {
    if (!line.trim()) continue;
    const j = JSON.parse(line) as { file: string; poi: ReadBook; jxl: ReadBook };
    map.set(j.file, { poi: j.poi, jxl: j.jxl });
  }
  return map;
}

/**
 * A roster written by Apache POI HSSF (see XlsTool.java): `rows` are the header and the data rows;
 * a cell "#123" is stored as a number. With only the header it is the blank template.
 */
export function poiRoster(dir: string, name: string, rows: readonly (readonly string[])[], options: readonly ('extras' | 'protect')[] = []): string {
  const tsv = join(dir, `${name}.tsv`);
  writeFileSync(tsv, rows.map((r) => r.join('\t')).join('\n'));
  const file = join(dir, `${name}.xls`);
  execFileSync('java', ['-cp', CLASSPATH, TOOL, 'roster', file, tsv, ...(options.length ? [options.join(',')] : [])], { timeout: 300_000 });
  return file;
}

/**
 * LibreOffice converts `file` with `filter` (as --convert-to takes it) into a new directory;
 * returns the files it wrote. Each call has its own profile directory (parallel test files never
 * share LibreOffice's lock).
 */
export function libreoffice(file: string, filter: string): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'rc-lo-'));
  execFileSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', filter, '--outdir', dir, file], { timeout: 120_000, stdio: 'ignore' });
  const stem = basename(file).replace(/\.[^.]+$/, '');
  return readdirSync(dir).filter((f) => f.startsWith(stem)).map((f) => join(dir, f));
}

/** A file saved by LibreOffice as Excel 97–2003 (from any file it reads). */
export function libreofficeXls(file: string): string {
  const [out] = libreoffice(file, 'xls:MS Excel 97');
  if (!out) throw new Error('LibreOffice wrote no .xls');
  return out;
}

/** Every sheet of a workbook as LibreOffice reads it, as UTF-8 CSV text, by sheet name. */
export function libreofficeCsv(file: string): Map<string, string> {
  // 44,34,76: comma, double quote, UTF-8; the 12th token -1: every sheet into its own file, "name-Sheet.csv".
  const stem = basename(file).replace(/\.[^.]+$/, '');
  const files = libreoffice(file, 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1');
  return new Map(files.map((f) => [basename(f).slice(stem.length + 1).replace(/\.csv$/, ''), readFileSync(f, 'utf8')]));
}
