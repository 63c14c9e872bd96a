// Every rule id, by the rule module that declares it (`as const`, so that `RuleId` is their union
// and a misspelt id is a type error). A leaf module with no imports: types.ts, the rules and the
// registry (rules/index.ts) all read it without a cycle. A new rule adds its ids here, in registry
// order; the registry test checks that the modules declare exactly these.
export const RULE_IDS = {
  formula: ['cell.formula'],
  invisible: ['text.invisible'],
  format: ['format'],
  dictionary: ['dictionary'],
  name: ['name.format'],
  unit: ['unit.short'],
  phone: ['phone.format'],
  email: ['email.format'],
  id: ['id.scientific', 'id.format', 'id.legacy', 'id.birthdate', 'id.checksum'],
  gender: ['gender.mismatch'],
  required: ['required'],
  grassrootsSuggest: ['grassroots.suggest'],
  grassrootsDoubt: ['grassroots.doubt'],
  provinceMismatch: ['province.mismatch'],
  duplicate: ['id.duplicate'],
  header: ['header.missing', 'header.matched', 'header.unknown'],
  headerRepeat: ['header.repeat'],
  template: ['template.header', 'template.missing', 'template.order', 'template.extra', 'template.after'],
  count: ['count.range'],
  share: ['share.min'],
  outOfProvince: ['share.outOfProvince'],
  creditHours: ['credit.hours'],
  creditMax: ['credit.max'],
  creditDaily: ['credit.daily'],
  countPlanned: ['count.planned'],
  countJjj: ['count.jjj'],
  dateFeedback: ['date.feedback'],
  dateHeldBy: ['date.heldBy'],
  projectSkipped: ['project.skipped'],
  batchDaily: ['batch.daily'],
  batchOverlap: ['batch.overlap'],
  signin: ['signin.missing', 'signin.absent', 'signin.early', 'signin.daily', 'signin.short', 'signin.count', 'signin.unsure'],
} as const;

/**
 * A rule's stable id, the interface of the JSON output (`id.checksum`, `share.min` …): one of
 * RULE_IDS. Every id is declared by exactly one module of the registry, with its Chinese name.
 */
export type RuleId = (typeof RULE_IDS)[keyof typeof RULE_IDS][number];

const ALL: ReadonlySet<string> = new Set(Object.values(RULE_IDS).flat());

/** Whether a text (a filter kept by the page, an id in a file) is a rule id. */
export function isRuleId(s: string): s is RuleId {
  return ALL.has(s);
}
