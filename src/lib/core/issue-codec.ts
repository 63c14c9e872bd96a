// Issues in a compact form, for crossing from the engine's worker to the page: one Int32Array
// (numbers only, copied as one block of memory) and the few distinct strings it refers to. A
// roster wrong in every cell has hundreds of thousands of issues; sent as objects, the page spent
// hundreds of milliseconds unpacking them in one go. Here an issue is decoded into the engine's
// very `Issue` (same message, same fix) only where it is shown.
//
// Per issue, ISSUE_STRIDE numbers:
//   0 row       0-based sheet row (Excel row − 1); −1 for a whole-roster issue (row null)
//   1 rule      index into RULE_INFO; for an id the registry does not declare, −2 − (string ref)
//   2 severity  0 error, 1 warning, 2 info
//   3 column    string ref; −1: null
//   4 value     string ref; −1: the text of the issue's cell (the receiver holds the cells)
//   5 message   string ref
//   6 fix       string ref; −1: null
//   7 suggestion string ref; −1: absent
//   8 refs      string ref to the JSON of {refs, source} (rows of other files); −1: neither
// String refs index the block's own `strings` (each distinct string once per block).
import { RULE_INFO } from './rules/index';
import type { Issue, RuleId, Severity } from './types';

export const ISSUE_STRIDE = 9;
const F_ROW = 0;
const F_RULE = 1;
const F_SEVERITY = 2;
const F_COLUMN = 3;
const F_VALUE = 4;
const F_MESSAGE = 5;
const F_FIX = 6;
const F_SUGGESTION = 7;
const F_REFS = 8;

/** Issues packed for postMessage: `data` can be transferred, `strings` are few. */
export interface IssueBlock {
  data: Int32Array;
  strings: string[];
}

/**
 * The text of a cell (0-based sheet row, canonical column name) as the receiver will hold it, or
 * undefined when it holds no such cell. An issue whose value is that text does not carry it.
 */
export type CellText = (row: number, column: string) => string | undefined;

const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];
const SEVERITY_CODE: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };
const RULE_CODE = new Map<RuleId, number>(RULE_INFO.map((r, i) => [r.id, i]));

/** Pack issues (in the order given; a row's issues should be contiguous). */
export function encodeIssues(issues: Iterable<Issue>, cell?: CellText): IssueBlock {
  const strings: string[] = [];
  const refs = new Map<string, number>();
  const ref = (s: string) => {
    let k = refs.get(s);
    if (k === undefined) {
      k = strings.length;
      strings.push(s);
      refs.set(s, k);
    }
    return k;
  };
  let data = new Int32Array(ISSUE_STRIDE * 64);
  let n = 0;
  for (const i of issues) {
    if ((n + 1) * ISSUE_STRIDE > data.length) {
      const grown = new Int32Array(data.length * 2);
      grown.set(data);
      data = grown;
    }
    const at = n * ISSUE_STRIDE;
    const row = i.row === null ? -1 : i.row - 1;
    data[at + F_ROW] = row;
    data[at + F_RULE] = RULE_CODE.get(i.rule) ?? -2 - ref(i.rule);
    data[at + F_SEVERITY] = SEVERITY_CODE[i.severity];
    data[at + F_COLUMN] = i.column === null ? -1 : ref(i.column);
    data[at + F_VALUE] = row >= 0 && i.column !== null && cell?.(row, i.column) === i.value ? -1 : ref(i.value);
    data[at + F_MESSAGE] = ref(i.message);
    data[at + F_FIX] = i.fix === null ? -1 : ref(i.fix);
    data[at + F_SUGGESTION] = i.suggestion === undefined ? -1 : ref(i.suggestion);
    data[at + F_REFS] = i.refs === undefined && i.source === undefined ? -1 : ref(JSON.stringify({ refs: i.refs, source: i.source }));
    n++;
  }
  return { data: data.slice(0, n * ISSUE_STRIDE), strings };
}

export const issueCount = (b: IssueBlock): number => b.data.length / ISSUE_STRIDE;

/** The 0-based sheet row of issue k, −1 for a whole-roster issue. */
export const rowAt = (b: IssueBlock, k: number): number => b.data[k * ISSUE_STRIDE + F_ROW] as number;
export const severityCodeAt = (b: IssueBlock, k: number): number => b.data[k * ISSUE_STRIDE + F_SEVERITY] as number;
/** Whether issue k proposes a fix. */
export const hasFixAt = (b: IssueBlock, k: number): boolean => (b.data[k * ISSUE_STRIDE + F_FIX] as number) >= 0;

export function ruleAt(b: IssueBlock, k: number): RuleId {
  const code = b.data[k * ISSUE_STRIDE + F_RULE] as number;
  // An id the registry does not declare (packed by an engine of another version) is passed on as it came.
  return code >= 0 ? (RULE_INFO[code] as { id: RuleId }).id : (b.strings[-2 - code] as RuleId);
}

/** Index of issue k's rule in RULE_INFO, or −1 for an id the registry does not declare. */
export const ruleIndexAt = (b: IssueBlock, k: number): number => Math.max(-1, b.data[k * ISSUE_STRIDE + F_RULE] as number);

export function columnAt(b: IssueBlock, k: number): string | null {
  const ref = b.data[k * ISSUE_STRIDE + F_COLUMN] as number;
  return ref < 0 ? null : (b.strings[ref] as string);
}

/** Issue k as the engine made it. `cell` must give the cells the encoder was given. */
export function decodeIssue(b: IssueBlock, k: number, cell?: CellText): Issue {
  const d = b.data;
  const at = k * ISSUE_STRIDE;
  const s = b.strings;
  const rowIndex = d[at + F_ROW] as number;
  const column = columnAt(b, k);
  const valueRef = d[at + F_VALUE] as number;
  const fixRef = d[at + F_FIX] as number;
  const suggestionRef = d[at + F_SUGGESTION] as number;
  const issue: Issue = {
    rule: ruleAt(b, k),
    severity: SEVERITIES[d[at + F_SEVERITY] as number] as Severity,
    row: rowIndex < 0 ? null : rowIndex + 1,
    column,
    value: valueRef >= 0 ? (s[valueRef] as string) : ((column !== null && cell?.(rowIndex, column)) || ''),
    message: s[d[at + F_MESSAGE] as number] as string,
    fix: fixRef < 0 ? null : (s[fixRef] as string),
  };
  if (suggestionRef >= 0) issue.suggestion = s[suggestionRef] as string;
  const refsRef = d[at + F_REFS] as number;
  if (refsRef >= 0) {
    const r = JSON.parse(s[refsRef] as string) as Pick<Issue, 'refs' | 'source'>;
    if (r.refs !== undefined) issue.refs = r.refs;
    if (r.source !== undefined) issue.source = r.source;
  }
  return issue;
}

/** Every issue of a block, decoded. */
export function decodeIssues(b: IssueBlock, cell?: CellText): Issue[] {
  const out: Issue[] = [];
  for (let k = 0; k < issueCount(b); k++) out.push(decodeIssue(b, k, cell));
  return out;
}
