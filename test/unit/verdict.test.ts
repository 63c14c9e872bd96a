// The one verdict (core/verdict.ts) and the one share text: what the strip, the batch table, the
// batch report and the command line all say.
import { describe, expect, it } from 'vitest';
import { batchVerdict, verdict, verdictInput, verdictLine } from '../../src/lib/core/verdict';
import { formatPercent } from '../../src/lib/core/rules/share';
import { fileKind, acceptList } from '../../src/lib/core/files';

const base = { given: 0, exported: 0, project: 0, exportName: '名单-已校正.xlsx', csv: false };

describe('the verdict', () => {
  it('says 可以上传 only when the file as given has no error and the project none', () => {
    expect(verdict(base)).toMatchObject({ code: 'ready', label: '可以上传' });
  });
  it('sends the user to the exported file when only the export is right', () => {
    expect(verdict({ ...base, given: 3 })).toEqual({ code: 'export', label: '导出后可以上传', text: '请上传导出的『名单-已校正.xlsx』，不是原文件' });
    // Edited in the workspace: the original is not what was checked.
    expect(verdict({ ...base, given: null }).code).toBe('export');
  });
  it('counts what is left to change in the file and, apart, in the project settings', () => {
    expect(verdict({ ...base, given: 9, exported: 6 })).toMatchObject({ code: 'fix', label: '需修改', text: '名单还需修改 6 处' });
    expect(verdict({ ...base, project: 2 }).text).toBe('项目设置有 2 处错误（不在名单文件中）');
    expect(verdict({ ...base, exported: 1, project: 1 }).text).toBe('名单还需修改 1 处；项目设置有 1 处错误（不在名单文件中）');
  });
  it('never tells the user to upload a CSV', () => {
    expect(verdict({ ...base, csv: true })).toMatchObject({ code: 'export', text: '内容无误：请导出为 Excel 文件或复制到官方模板后上传' });
  });
  it('counts same-day credits across rosters as errors no export removes', () => {
    expect(batchVerdict({ verdict: base }, 2)).toMatchObject({ code: 'fix', text: '名单还需修改 2 处' });
    expect(batchVerdict({ error: '未找到表头' }, 0)).toMatchObject({ code: 'unreadable', label: '无法读取', text: '未找到表头' });
  });
});

describe('the share as text', () => {
  it('is cut, never rounded up across the threshold', () => {
    expect(formatPercent(200 / 2001, 0.1)).toBe('9.99%');
    expect(formatPercent(0.0996, 0.1)).toBe('9.96%');
    expect(formatPercent(200 / 2001)).toBe('9.9%');
  });
});

describe('the kinds of file', () => {
  it('reads .xlsm and .xlsb as rosters, opens zips, passes over hidden files and lists the rest with a reason', () => {
    expect(fileKind('名单.xlsm').kind).toBe('roster');
    expect(fileKind('名单.XLSB').kind).toBe('roster');
    expect(fileKind('a/名单.zip').kind).toBe('zip');
    expect(fileKind('~$名单.xlsx').kind).toBe('hidden');
    expect(fileKind('名单.et')).toMatchObject({ kind: 'other', reason: expect.stringContaining('WPS') });
    expect(fileKind('说明.docx')).toMatchObject({ kind: 'other', reason: expect.stringContaining('不是名单文件') });
    expect(acceptList(false)).toContain('.xlsm');
    expect(acceptList(false)).not.toContain('.zip');
  });
});

describe('the verdict as one line', () => {
  it('says what the export fixes and what is left by hand, its word first', () => {
    const summary = { errors: 9, afterFixes: { errors: 6, warnings: 0 } };
    const v = verdict(verdictInput(summary, [], { exportName: '名单-已校正.xlsx', csv: false }));
    expect(verdictLine(v)).toBe('需修改：导出后自动修正 3 处，还需手工修改 6 处');
    const all = verdict(verdictInput({ errors: 3, afterFixes: { errors: 0, warnings: 0 } }, [], { exportName: '名单-已校正.xlsx', csv: false }));
    expect(verdictLine(all)).toBe('导出后可以上传：请上传导出的『名单-已校正.xlsx』，不是原文件');
    expect(verdictLine(verdict(base))).toBe('可以上传：没有发现错误');
  });
  it('counts a project error apart, never as one the export fixes', () => {
    const credit = { row: null, severity: 'error' as const };
    const v = verdict(verdictInput({ errors: 1, afterFixes: { errors: 0, warnings: 0 } }, [credit], { exportName: 'x', csv: false }));
    expect(verdictLine(v)).toBe('需修改：项目设置有 1 处错误（不在名单文件中）');
  });
  it('drops what the export fixes while the workspace\'s edits wait to be checked in the batch', () => {
    const input = verdictInput({ errors: 9, afterFixes: { errors: 6, warnings: 0 } }, [], { exportName: 'x', csv: false });
    expect(batchVerdict({ verdict: input }, 0, { errors: 4 }).text).toBe('名单还需修改 4 处');
  });
});
