// The registry: every rule, in the order it runs (cells in sheet order; then row rules, whose issues
// are put in column order; then whole-roster and project rules). `Roster` runs what is listed here
// and names no rule; the page, the report and the command line take rule names from here.
// Adding a rule: a new file in this folder that exports `rule`, its test, and its line below.
import { SEVERITY_TEXT, type RuleId } from '../types';
import type { Rule, RuleInfo } from './rule';
import { rule as formula } from './formula';
import { rule as invisible } from './invisible';
import { rule as format } from './format';
import { rule as dictionary } from './dictionary';
import { rule as name } from './name';
import { rule as unit } from './unit';
import { rule as phone } from './phone';
import { rule as email } from './email';
import { rule as id } from './id';
import { rule as gender } from './gender';
import { rule as required } from './required';
import { rule as grassrootsSuggest } from './grassroots';
import { rule as grassrootsDoubt } from './grassroots-doubt';
import { rule as provinceMismatch } from './province-mismatch';
import { rule as duplicate } from './duplicate';
import { rule as header } from './header';
import { rule as headerRepeat } from './header-repeat';
import { rule as template } from './template';
import { rule as count } from './count';
import { rule as share } from './share';
import { rule as outOfProvince } from './outofprovince';
import { rule as projectSkipped } from './project-skipped';
import { rule as creditHours } from './credit-hours';
import { rule as creditMax } from './credit-max';
import { rule as creditDaily } from './credit-daily';
import { rule as countPlanned } from './count-planned';
import { rule as countJjj } from './count-jjj';
import { rule as dateFeedback } from './date-feedback';
import { rule as dateHeldBy } from './date-heldby';
import { rule as batchDaily } from './batch-daily';
import { rule as batchOverlap } from './batch-overlap';
import { rule as signin } from './signin';

export const RULES: readonly Rule[] = [
  formula,
  invisible,
  format,
  dictionary,
  name,
  unit,
  phone,
  email,
  id,
  gender,
  required,
  grassrootsSuggest,
  grassrootsDoubt,
  provinceMismatch,
  duplicate,
  header,
  headerRepeat,
  template,
  count,
  share,
  outOfProvince,
  creditHours,
  creditMax,
  creditDaily,
  countPlanned,
  countJjj,
  dateFeedback,
  dateHeldBy,
  projectSkipped,
  batchDaily,
  batchOverlap,
  signin,
];

/** Every rule id with its name, description and usual severity, in registry order. */
export const RULE_INFO: readonly RuleInfo[] = RULES.flatMap((r) => r.info);

const BY_ID = new Map<RuleId, RuleInfo>(RULE_INFO.map((i) => [i.id, i]));
if (BY_ID.size !== RULE_INFO.length) throw new Error('a rule id is declared twice');

export function ruleInfo(id: RuleId): RuleInfo | undefined {
  return BY_ID.get(id);
}

/** A rule's Chinese name (the id itself only for an id no rule declares, which a test forbids). */
export function ruleName(id: RuleId): string {
  return BY_ID.get(id)?.name ?? id;
}

const SCOPE = new Map<RuleId, Rule['scope']>(RULES.flatMap((r) => r.info.map((i) => [i.id, r.scope] as const)));
const ABOUT_PROJECT = new Set<RuleId>(RULES.filter((r) => r.scope === 'project' || (r.scope === 'shared' && r.about === 'project')).flatMap((r) => r.info.map((i) => i.id)));

/** What a rule looks at ('project' for the project's settings, 'roster' for the whole roster …). */
export function ruleScope(id: RuleId): Rule['scope'] | undefined {
  return SCOPE.get(id);
}

/** True for the rules about the project's own settings (their issues are the project's, not the roster's). */
export function isProjectRule(id: RuleId): boolean {
  return ABOUT_PROJECT.has(id);
}

/** rule id → Chinese name, the shape of the page's former label table. */
export const RULE_NAMES = Object.fromEntries(RULE_INFO.map((i) => [i.id, i.name])) as Readonly<Record<RuleId, string>>;

const SCOPE_TEXT: Record<Rule['scope'], string> = {
  cell: 'cell',
  row: 'row',
  group: 'rows sharing an ID',
  roster: 'roster',
  project: 'project settings',
  shared: 'raised by other rules',
  batch: 'several rosters',
  attendance: 'roster and sign-in record',
};

/** docs/rules.md's table of rules, made from the registry (`node scripts/rules-table.mjs` prints it). */
export function rulesTable(): string {
  const lines = ['| rule | 名称 | 级别 | looks at | 说明 |', '|---|---|---|---|---|'];
  for (const r of RULES) for (const i of r.info) lines.push(`| \`${i.id}\` | ${i.name} | ${SEVERITY_TEXT[i.severity]} | ${SCOPE_TEXT[r.scope]} | ${i.description} |`);
  return lines.join('\n');
}

/** Values as the page shows them: hidden characters (bidi overrides, controls) as a visible mark. */
export { showHidden } from '../normalize';
