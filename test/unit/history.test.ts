import { describe, expect, it } from 'vitest';
import { EMPTY_HISTORY, inverse, pushed, redone, undone, type Command } from '../../src/lib/ui/history';
import { cellKey } from '../../src/lib/core/types';

const edit = (r: number, c: number, from: string, to: string): Command => ({ kind: 'edit', key: cellKey(r, c), r, c, from, to });

describe('undo history', () => {
  it('undoes an edit by applying its inverse, and redoes the edit itself', () => {
    const cmd = edit(13, 8, '中级', '主治医师');
    const h = pushed(EMPTY_HISTORY, cmd);
    const u = undone(h);
    expect(u?.apply).toEqual(edit(13, 8, '主治医师', '中级'));
    const r = u ? redone(u.next) : null;
    expect(r?.apply).toEqual(cmd);
    expect(r?.next).toEqual({ undo: [cmd], redo: [] });
  });

  it("undoes a fix decision by restoring each fix's own earlier state", () => {
    const cmd: Command = { kind: 'decide', keys: [cellKey(12, 8), cellKey(14, 6)], from: [false, true], to: [true, true] };
    expect(inverse(cmd)).toEqual({ kind: 'decide', keys: cmd.keys, from: [true, true], to: [false, true] });
  });

  it('forgets what could be redone once something new is done', () => {
    const a = edit(5, 1, 'a', 'b');
    const b = edit(6, 1, 'c', 'd');
    const h = undone(pushed(EMPTY_HISTORY, a))?.next ?? EMPTY_HISTORY;
    expect(h.redo).toEqual([a]);
    expect(pushed(h, b)).toEqual({ undo: [b], redo: [] });
  });

  it('has nothing to undo or redo when empty', () => {
    expect(undone(EMPTY_HISTORY)).toBeNull();
    expect(redone(EMPTY_HISTORY)).toBeNull();
  });

  it('keeps the last 1,000 steps', () => {
    let h = EMPTY_HISTORY;
    for (let i = 0; i < 1005; i++) h = pushed(h, edit(i, 0, '', 'x'));
    expect(h.undo.length).toBe(1000);
    expect(h.undo[0]).toEqual(edit(5, 0, '', 'x'));
  });

  it('undoes a row deletion by bringing the row back, and redoes it by deleting it again', () => {
    const del: Command = { kind: 'delete', r: 7, from: false, to: true };
    const u = undone(pushed(EMPTY_HISTORY, del));
    expect(u?.apply).toEqual({ kind: 'delete', r: 7, from: true, to: false });
    expect(u ? redone(u.next)?.apply : null).toEqual(del);
  });
});
