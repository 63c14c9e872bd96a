import { analyze, builtinProfile, type Issue, type RawWorkbook, type Settings } from '../../src/lib/core/index';
import { cellKey } from '../../src/lib/core/types';

export const HEADER = ['序号', '姓名', '性别', '证件类型', '证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '手机号码', '电子邮箱'];
export const TODAY = '2026-11-22';

/** A valid row; IDs here have correct check characters (checked against an independent implementation in id tests). */
export const GOOD: Record<string, string> = {
  序号: '1',
  姓名: '张三',
  性别: '男',
  证件类型: '居民身份证',
  证件号码: '110101199003070011',
  工作单位: '北京协和医院',
  单位所在省份: '北京市',
  是否基层单位: '否',
  职称: '主治医师',
  学历: '大学本科',
  所在学科: '临床内科学',
  手机号码: '13812345678',
  电子邮箱: 'zhang@example.com',
};

export function row(patch: Record<string, string> = {}): string[] {
  return HEADER.map((h) => patch[h] ?? GOOD[h] ?? '');
}

export function workbook(rows: string[][], numericCells: [number, number][] = []): RawWorkbook {
  return { format: 'xlsx', sheets: [{ name: 'Sheet1', rows, numeric: new Set(numericCells.map(([r, c]) => cellKey(r, c))) }] };
}

/** Check a roster of a header and the given data rows (data starts at Excel row 2). */
export function check(rows: string[][], opts: { profile?: string; settings?: Partial<Settings>; numeric?: [number, number][]; header?: string[]; retainIssues?: boolean } = {}) {
  const profile = builtinProfile(opts.profile ?? 'national');
  const settings: Settings = { hostProvince: '北京市', practical: false, today: TODAY, ...opts.settings };
  const { roster, located } = analyze(workbook([opts.header ?? HEADER, ...rows], opts.numeric), profile, settings, { retainIssues: opts.retainIssues ?? true });
  return { roster, located, issues: roster.issues(), summary: roster.summary() };
}

/** Cell-level issues only (not the whole-roster count/share ones). */
export function cellIssues(issues: Issue[]): Issue[] {
  return issues.filter((i) => i.row !== null && !i.rule.startsWith('header.'));
}
