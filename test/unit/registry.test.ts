import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULE_INFO, RULES, builtinProfile, issueRows, ruleName, rulesTable, type ReportInput } from '../../src/lib/core/index';
import { check, row } from './helpers';
import { RULE_IDS, isRuleId, type RuleId } from '../../src/lib/core/rules/ids';
import { HEADER, makeRows } from '../../scripts/synth.mjs';

/** Rows that between them break every row rule (and a formula cell in an unknown column, a bidi control in a name, a pasted header). */
const BAD = [
  row({ 姓名: '张3', 性别: '男性', 证件号码: '110101199003070012', 工作单位: '院', 单位所在省份: '北京', 是否基层单位: '', 职称: '中级', 手机号码: '010-12345678', 电子邮箱: 'x@', 序号: '=1' }),
  row({ 证件号码: '110101900307001', 性别: '女', 工作单位: '河北医科大学第二医院', 是否基层单位: '是' }),
  row({ 证件号码: '1.10101E+17' }),
  row({ 证件号码: '11010119900307002x', 性别: '男' }),
  row({ 证件号码: '11010119900307002X', 工作单位: '某某镇卫生院', 是否基层单位: '否', 手机号码: '138 1234 5678' }),
  row({ 证件号码: '110101199002300011' }),
  row({ 证件号码: '12345' }),
  row({ 姓名: '王\u202e五' }),
  [...HEADER],
];

describe('the registry of rules', () => {
  it('declares every rule id the checks raise, with a Chinese name', () => {
    const { issues } = check(BAD, { header: [...HEADER, '备注'], settings: { project: { credits: 12, hours: 3, start: '2026-11-01', end: '2026-11-01', planned: 1, jjj: true } } });
    const raised = new Set(issues.map((i) => i.rule));
    const declared = new Set(RULE_INFO.map((i) => i.id));
    expect([...raised].filter((id) => !declared.has(id))).toEqual([]);
    // The sample really exercises the registry: every row, cell and project rule shows up.
    expect([...declared].filter((id) => !raised.has(id)).sort()).toEqual(['batch.daily', 'batch.overlap', 'date.heldBy', 'header.matched', 'header.missing', 'project.skipped', 'share.min', 'signin.absent', 'signin.count', 'signin.daily', 'signin.early', 'signin.missing', 'signin.short', 'signin.unsure', 'template.after', 'template.extra', 'template.header', 'template.missing', 'template.order']);
    for (const info of RULE_INFO) expect(info.name).toMatch(/^[^A-Za-z]+$/);
  });

  it('gives every rule one module and every id one rule', () => {
    const ids = RULES.flatMap((r) => r.info.map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
    // The ids the type RuleId is made of (rules/ids.ts) are exactly those the modules declare, in order.
    expect(Object.values(RULE_IDS).flat()).toEqual(ids);
  });

  it('knows a misspelt rule id for what it is (and the type check refuses it in code)', () => {
    // @ts-expect-error: not a rule id (RuleId is the union of the registry's ids, not any string)
    const misspelt: RuleId = 'id.checksun';
    expect(isRuleId(misspelt)).toBe(false);
    expect(isRuleId('id.checksum')).toBe(true);
  });

  it('prints the Chinese name of a rule in the report, not its id', () => {
    const base = check([row({ 证件号码: '110101199003070012' })]);
    const input: ReportInput = {
      fileName: 'x.xlsx', sha256: 'ab', sheetName: 'Sheet1', headerRow: 1, profile: builtinProfile('national'), settings: base.roster.settings,
      summary: base.summary, issues: base.issues, mask: false, generatedAt: '2026-11-22T00:00:00Z',
    };
    const rows = issueRows(input);
    expect(rows).toContainEqual([2, '证件号码', '110101199003070012', expect.stringContaining('校验位错误'), '', '错误', '证件号码校验位错误']);
    expect(rows.flat()).not.toContain('id.checksum');
    expect(ruleName('id.checksum')).toBe('证件号码校验位错误');
  });

  it('lists in docs/rules.md exactly the rules of the registry, as scripts/rules-table.mjs prints them', () => {
    const section = readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8');
    const listed = section.split('\n').filter((l) => l.startsWith('|'));
    expect(listed).toEqual(rulesTable().split('\n'));
    expect(listed.slice(2).map((l) => l.split('`')[1])).toEqual(RULE_INFO.map((i) => i.id));
  });
});

describe('plausibility notes on the columns that drive the share', () => {
  it('questions 是否基层单位 = 是 on a university hospital or a top hospital, saying why', () => {
    const { issues } = check([row({ 是否基层单位: '是' }), row({ 证件号码: '11010119900307002X', 性别: '女', 工作单位: '四川大学华西医院', 单位所在省份: '四川省', 是否基层单位: '是' })]);
    expect(issues.filter((i) => i.rule === 'grassroots.doubt')).toEqual([
      { rule: 'grassroots.doubt', severity: 'info', row: 2, column: '是否基层单位', value: '是', message: '单位名称含“协和”，是国家级医院，通常不是基层医疗卫生机构；是否基层单位填的是“是”，请核实', fix: null },
      { rule: 'grassroots.doubt', severity: 'info', row: 3, column: '是否基层单位', value: '是', message: '单位名称含“大学”，是大学或大学的医院，通常不是基层医疗卫生机构；是否基层单位填的是“是”，请核实', fix: null },
    ]);
  });

  it('accepts 是 on a grassroots unit, even one named after its city', () => {
    const { issues } = check([row({ 工作单位: '北京市朝阳区双井社区卫生服务中心', 是否基层单位: '是' })]);
    expect(issues.filter((i) => i.row !== null)).toEqual([]);
  });

  it('questions a province that contradicts the province or capital in the unit’s name', () => {
    const { issues } = check([row({ 工作单位: '河北医科大学第二医院' }), row({ 证件号码: '11010119900307002X', 性别: '女', 工作单位: '郑州大学第一附属医院', 单位所在省份: '河北省' })]);
    expect(issues.filter((i) => i.rule === 'province.mismatch')).toEqual([
      { rule: 'province.mismatch', severity: 'info', row: 2, column: '单位所在省份', value: '北京市', message: '单位名称含“河北”（河北省），而单位所在省份填的是“北京市”，请核实', fix: null },
      { rule: 'province.mismatch', severity: 'info', row: 3, column: '单位所在省份', value: '河北省', message: '单位名称含“郑州”（河南省），而单位所在省份填的是“河北省”，请核实', fix: null },
    ]);
  });

  it('reads the leftmost place in a name: 河南宁陵县 is in 河南, not 南宁', () => {
    expect(check([row({ 工作单位: '河南宁陵县人民医院', 单位所在省份: '河南省' })]).issues.filter((i) => i.rule === 'province.mismatch')).toEqual([]);
  });

  it('raises no note on the synthetic rosters the benchmarks and fixtures use', () => {
    const { issues } = check(makeRows(3000, 11));
    expect(issues.filter((i) => i.row !== null)).toEqual([]);
  });
});
