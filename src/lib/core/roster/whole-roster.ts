// The whole-roster and project rules, and the summary that adds their issues to the rows' totals.
import type { Issue, Summary } from '../types';
import type { ProjectRule, RosterRule, RosterView } from '../rules/rule';
import { RULES } from '../rules/index';
import { countSeverities, peopleSummary, type RowTable } from './row-table';

const ROSTER_RULES = RULES.filter((r): r is RosterRule => r.scope === 'roster');
const PROJECT_RULES = RULES.filter((r): r is ProjectRule => r.scope === 'project');

/** What the whole-roster rules see, but the summary (worked out here from the table). */
export type RosterBasis = Omit<RosterView, 'summary' | 'headerRepeats'>;

function view(basis: RosterBasis, table: RowTable): RosterView {
  return { ...basis, summary: peopleSummary(table.people, basis.profile, basis.settings), headerRepeats: table.headerRepeats() };
}

/** Project-level issues (the project's settings: credits, dates, enrolment), row null. */
export function projectIssues(basis: RosterBasis, table: RowTable): Issue[] {
  const out: Issue[] = [];
  if (basis.settings.project === undefined) return out;
  const v = view(basis, table);
  for (const rule of PROJECT_RULES) rule.check(v, out);
  return out;
}

/** Whole-roster issues: the project's first, then header, attendee count, share. */
export function rosterIssues(basis: RosterBasis, table: RowTable): Issue[] {
  const out = projectIssues(basis, table);
  const v = view(basis, table);
  for (const rule of ROSTER_RULES) rule.check(v, out);
  return out;
}

/**
 * Counts, shares and severities of the roster now and as exported. `accepted(i)`: whether a
 * whole-roster issue with a row goes with an accepted fix (a proposed row deletion), so that the
 * exported roster does not have it.
 */
export function summarize(basis: RosterBasis, table: RowTable, accepted: (i: Issue) => boolean): Summary {
  const s = peopleSummary(table.people, basis.profile, basis.settings);
  const rows = table.rowTotals;
  const totals = { errors: rows.errors + table.ids.duplicateRows, warnings: rows.warnings, infos: rows.infos };
  const roster = rosterIssues(basis, table);
  countSeverities(roster, totals);
  // As exported: rows' issues and duplicates after fixes, and roster issues with a row (never the count or share).
  const after = { errors: table.afterTotals.errors + table.afterDuplicateRows, warnings: table.afterTotals.warnings };
  for (const i of roster) {
    if (i.row === null || accepted(i)) continue;
    if (i.severity === 'error') after.errors++;
    else if (i.severity === 'warning') after.warnings++;
  }
  return { ...s, ...totals, afterFixes: after };
}
