// Which sheet of a workbook is checked: visible rosters before hidden copies, a note when the
// choice is worth saying, and a sheet the user names.
import { describe, expect, it } from 'vitest';
import { LocateError, builtinProfile, locate, type RawSheet, type RawWorkbook } from '../../src/lib/core/index';
import { HEADER, row } from './helpers';

const national = builtinProfile('national');
const sheet = (name: string, rows: string[][], hidden = false): RawSheet => ({ name, rows, numeric: new Set(), ...(hidden ? { hidden: true } : {}) });
const book = (...sheets: RawSheet[]): RawWorkbook => ({ format: 'xlsx', sheets });
const rosterRows = (header = HEADER) => [header, row()];
const notes = [['填表说明'], ['请在“学员名单”中填写']];

describe('choosing the roster sheet', () => {
  it('checks the visible roster, not a hidden clean copy placed before it', () => {
    const located = locate(book(sheet('备份', rosterRows(), true), sheet('学员名单', rosterRows())), national);
    expect(located.sheetName).toBe('学员名单');
    expect(located.rosterSheets).toEqual(['备份', '学员名单']);
    expect(located.sheetNote).toMatch(/已校验“学员名单”.*隐藏的工作表“备份”也像学员名单，未校验/);
  });

  it('checks the visible roster even when the hidden copy names more columns', () => {
    const fewer = HEADER.slice(0, 8);
    const located = locate(book(sheet('学员名单', [fewer, row().slice(0, 8)]), sheet('完整', rosterRows(), true)), national);
    expect(located.sheetName).toBe('学员名单');
  });

  it('checks a hidden roster when no visible sheet has a header, and says so', () => {
    const located = locate(book(sheet('说明', notes), sheet('名单', rosterRows(), true)), national);
    expect(located.sheetName).toBe('名单');
    expect(located.sheetNote).toBe('学员通讯录在隐藏的工作表“名单”中（在 Excel 中看不到这张表），已校验这张表；请确认要上报的就是它');
  });

  it('does not take a hidden sheet of drop-down lists for a second roster', () => {
    const lists = [['性别', '证件类型', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科'], ['男', '居民身份证', '北京市', '是', '主任医师', '博士研究生', '临床内科学'], ['女', '护照', '天津市', '否', '副主任医师', '硕士研究生', '护理学']];
    const located = locate(book(sheet('学员名单', rosterRows()), sheet('字典', lists, true)), national);
    expect(located.sheetName).toBe('学员名单');
    expect(located.rosterSheets).toEqual(['学员名单']);
    expect(located.sheetNote).toBeUndefined();
  });

  it('says nothing when there is one roster sheet among others', () => {
    const located = locate(book(sheet('说明', notes), sheet('学员名单', rosterRows())), national);
    expect(located.sheetName).toBe('学员名单');
    expect(located.sheetNote).toBeUndefined();
    expect(located.rosterSheets).toEqual(['学员名单']);
  });

  it('of two visible rosters checks the one whose header names more columns, and says why', () => {
    const fewer = HEADER.slice(0, 8);
    const located = locate(book(sheet('旧表', [fewer, row().slice(0, 8)]), sheet('新表', rosterRows())), national);
    expect(located.sheetName).toBe('新表');
    expect(located.sheetNote).toBe('本文件有 2 张工作表像学员名单，已校验“新表”，因为它的表头与模板的列最吻合；工作表“旧表”也像学员名单，未校验');
  });

  it('of two equally good visible rosters checks the first, and says why', () => {
    const located = locate(book(sheet('一班', rosterRows()), sheet('二班', rosterRows())), national);
    expect(located.sheetName).toBe('一班');
    expect(located.sheetNote).toMatch(/因为几张表的表头同样完整，它排在最前面；工作表“二班”也像学员名单/);
  });

  it('checks the sheet the user names, hidden or not', () => {
    const wb = book(sheet('一班', rosterRows()), sheet('二班', rosterRows(), true));
    expect(locate(wb, national, { sheet: '二班' })).toMatchObject({ sheetName: '二班', sheetIndex: 1, sheetNote: expect.stringMatching(/隐藏的工作表“二班”/) });
    expect(locate(wb, national, { sheet: '一班' }).sheetNote).toBeUndefined();
  });

  it('refuses a named sheet that does not exist, listing the sheets there are', () => {
    const wb = book(sheet('一班', rosterRows()), sheet('说明', notes));
    expect(() => locate(wb, national, { sheet: '三班' })).toThrow(new LocateError('文件中没有名为“三班”的工作表；文件中的工作表有：“一班”“说明”'));
  });

  it('refuses a named sheet without a roster header', () => {
    const wb = book(sheet('一班', rosterRows()), sheet('说明', notes));
    expect(() => locate(wb, national, { sheet: '说明' })).toThrow(/^工作表“说明”中未找到学员通讯录的表头/);
  });
});
