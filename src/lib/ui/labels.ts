// Words the page shows for the engine's values: rule names, severities, column letters, shares.

/** Every rule's Chinese name, from the registry (the one place a rule is named). */
export { RULE_NAMES as RULE_LABELS } from '../core/rules/index';
/** Shares as the page shows them: cut, never rounded up to a threshold they are below. */
export { formatPercent, formatThreshold } from '../core/rules/share';

export { SEVERITY_TEXT as SEVERITY_LABELS } from '../core/types';

/** Excel column letters: 0 → A, 26 → AA. */
export { columnLetter } from '../core/types';
