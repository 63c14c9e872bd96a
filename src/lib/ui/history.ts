// Undo and redo as a list of commands. Every change the user makes to the roster is a command;
// the page applies a command (or its inverse) in one place, which tells the engine, the grid, the
// saved work and the export alike, so that undo can never leave one of them behind.
import type { CellKey } from '../core/types';

export type Command =
  /** One cell changed from `from` to `to` (0-based sheet row and column). */
  | { kind: 'edit'; key: CellKey; r: number; c: number; from: string; to: string }
  /** Proposed fixes declined (true) or accepted (false): each key's state before and after. */
  | { kind: 'decide'; keys: CellKey[]; from: boolean[]; to: boolean[] }
  /** A data row (0-based sheet row as read) deleted (`to: true`) or brought back; `from` is the state before. */
  | { kind: 'delete'; r: number; from: boolean; to: boolean };

/** The command that undoes `cmd`. */
export function inverse(cmd: Command): Command {
  return { ...cmd, from: cmd.to, to: cmd.from } as Command;
}

/** How many steps are kept: enough for a long session, bounded for memory. */
const LIMIT = 1000;

export interface HistoryState {
  undo: readonly Command[];
  redo: readonly Command[];
}

export const EMPTY_HISTORY: HistoryState = { undo: [], redo: [] };

/** After doing `cmd`: it can be undone, and nothing can be redone. */
export function pushed(h: HistoryState, cmd: Command): HistoryState {
  const undo = h.undo.length >= LIMIT ? h.undo.slice(1) : h.undo.slice();
  undo.push(cmd);
  return { undo, redo: [] };
}

/** The command to apply for an undo, and the history after it; null when there is nothing. */
export function undone(h: HistoryState): { apply: Command; next: HistoryState } | null {
  const cmd = h.undo.at(-1);
  if (!cmd) return null;
  return { apply: inverse(cmd), next: { undo: h.undo.slice(0, -1), redo: [...h.redo, cmd] } };
}

export function redone(h: HistoryState): { apply: Command; next: HistoryState } | null {
  const cmd = h.redo.at(-1);
  if (!cmd) return null;
  return { apply: cmd, next: { undo: [...h.undo, cmd], redo: h.redo.slice(0, -1) } };
}
