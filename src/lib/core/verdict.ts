// Whether a roster can be uploaded: one answer for the workspace's strip, the batch table, the batch
// report and the command line (issue #19's decision). It is a fact about the file as it will be
// exported (accepted fixes, edits and deleted rows applied) and about the project's settings.
import type { Issue, Summary } from './types';

export type VerdictCode = 'ready' | 'export' | 'fix' | 'unreadable';
export const VERDICT_LABELS = { ready: '可以上传', export: '导出后可以上传', fix: '需修改', unreadable: '无法读取' } as const satisfies Record<VerdictCode, string>;
export type VerdictLabel = (typeof VERDICT_LABELS)[VerdictCode];

/** The order a list sorts by verdict: what cannot be read first, what is ready last. */
export const VERDICT_ORDER: Record<VerdictCode, number> = { unreadable: 0, fix: 1, export: 2, ready: 3 };

export interface Verdict {
  code: VerdictCode;
  /** The table's word: 可以上传 / 导出后可以上传 / 需修改 / 无法读取. */
  label: VerdictLabel;
  /** One sentence saying what to do. */
  text: string;
}

export interface VerdictInput {
  /** Errors of the file as given (the original, before any fix or edit), project errors not counted; null: it has been edited, so only the export can be uploaded. */
  given: number | null;
  /** Errors left in the file as it will be exported (project errors not counted). */
  exported: number;
  /** Errors of the project or the roster as a whole (settings, attendee count): not in the file. */
  project: number;
  /** The corrected file's name ("名单-已校正.xlsx"). */
  exportName: string;
  /** The roster is a CSV: upload systems take Excel files. */
  csv: boolean;
  /** Errors of the roster now that the export's accepted fixes remove (the strip's "导出后自动修正 N 处"); absent: not known. */
  fixed?: number;
}

/** The counts a verdict needs, from a roster's summary and its roster-level issues (`extra`: errors found across rosters, which stay after export). */
export function verdictInput(summary: Pick<Summary, 'errors' | 'afterFixes'>, rosterIssues: readonly Pick<Issue, 'row' | 'severity'>[], o: { exportName: string; csv: boolean; edited?: boolean; extra?: number }): VerdictInput {
  const project = rosterIssues.filter((i) => i.row === null && i.severity === 'error').length;
  const extra = o.extra ?? 0;
  const fixed = Math.max(0, summary.errors - project - summary.afterFixes.errors);
  return { given: o.edited ? null : summary.errors - project + extra, exported: summary.afterFixes.errors + extra, project, exportName: o.exportName, csv: o.csv, ...(fixed > 0 ? { fixed } : {}) };
}

export function verdict(v: VerdictInput): Verdict {
  if (v.exported > 0 || v.project > 0) {
    const file = v.fixed ? `导出后自动修正 ${v.fixed} 处，还需手工修改 ${v.exported} 处` : `名单还需修改 ${v.exported} 处`;
    const parts = [...(v.exported > 0 ? [file] : []), ...(v.project > 0 ? [`项目设置有 ${v.project} 处错误（不在名单文件中）`] : [])];
    return { code: 'fix', label: VERDICT_LABELS.fix, text: parts.join('；') };
  }
  if (v.csv) return { code: 'export', label: VERDICT_LABELS.export, text: '内容无误：请导出为 Excel 文件或复制到官方模板后上传' };
  if (v.given === 0) return { code: 'ready', label: VERDICT_LABELS.ready, text: '没有发现错误，可以上传' };
  return { code: 'export', label: VERDICT_LABELS.export, text: `请上传导出的『${v.exportName}』，不是原文件` };
}

/** The same counts with errors found across rosters (同日超学分), which stay in the exported file too. */
export function withBatchErrors(v: VerdictInput, n: number): VerdictInput {
  return n === 0 ? v : { ...v, given: v.given === null ? null : v.given + n, exported: v.exported + n };
}

/**
 * The verdict as one line, its word first: what the workspace's strip, the report's 结论, the print
 * view and the command line say ("需修改：导出后自动修正 3 处，还需手工修改 6 处").
 */
export function verdictLine(v: Verdict): string {
  return v.code === 'ready' ? '可以上传：没有发现错误' : `${v.label}：${v.text}`;
}

export function unreadableVerdict(reason: string): Verdict {
  return { code: 'unreadable', label: VERDICT_LABELS.unreadable, text: reason };
}

/**
 * A batch roster's verdict: unreadable without counts; else its counts with the errors found across
 * rosters, or, while the workspace's edits wait to be checked again, the counts the workspace gave
 * (`now`: its errors before fixes, the careful side).
 */
export function batchVerdict(r: { error?: string; verdict?: VerdictInput }, daily: number, now?: { errors: number } | null): Verdict {
  if (!r.verdict) return unreadableVerdict(r.error ?? '');
  const { fixed: _fixed, ...counts } = r.verdict;
  // While edits wait to be checked, what the export fixes is not known: the careful count alone.
  const base = now ? { ...counts, given: null, exported: Math.max(0, now.errors - r.verdict.project) } : r.verdict;
  return verdict(withBatchErrors(base, daily));
}
