// One place that runs the whole flow on a file: read → locate → check, and fix → write. Used by
// the command line and the batch engine, which read synchronously: SheetJS's code-page table (for
// .xls files) is installed when this module loads. The page's roster engine reads through
// io/read and io/corrected instead and loads the table only for an .xls (read.ts, prepareRead).
import './codepages';
import { LocateError, analyze, type Profile, type RosterOptions, type Settings } from '../core/index';
import type { HeaderMatch } from '../core/locate';
import { readFile, type ReadBudget } from './read';
import { unexpectedError, type Checked } from './corrected';

export { correctedFile, errorsAfterExport, unexpectedError, type Checked } from './corrected';

/**
 * Read and check a file (`options.sheet`: the sheet of that name, not the one we would choose;
 * `options.columns`: the user's column matches, see LocateOptions).
 * Throws ReadError (unreadable) or LocateError (no roster header, or no such sheet).
 */
export function checkFile(bytes: Uint8Array, profile: Profile, settings: Settings, options: { budget?: ReadBudget; roster?: RosterOptions; sheet?: string; columns?: Readonly<Record<number, string>>; byHeader?: readonly HeaderMatch[] } = {}): Checked {
  let read;
  try {
    read = readFile(bytes, options.budget);
  } catch (e) {
    throw unexpectedError('读取文件', e);
  }
  const { workbook, pkg } = read;
  let analyzed;
  try {
    const where = { ...(options.sheet === undefined ? {} : { sheet: options.sheet }), ...(options.columns ? { columns: options.columns } : {}), ...(options.byHeader?.length ? { byHeader: options.byHeader } : {}) };
    analyzed = analyze(workbook, profile, settings, options.roster, where);
  } catch (e) {
    if (e instanceof LocateError) throw e;
    throw unexpectedError('校验', e);
  }
  return { workbook, located: analyzed.located, roster: analyzed.roster, pkg };
}
