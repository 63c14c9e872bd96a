// Rule `grassroots.doubt`: 是否基层单位 = 是 on a unit whose name marks a university or its affiliated
// hospital, a medical college, a provincial or municipal hospital or a 三级 hospital: such units are
// not 基层医疗卫生机构 (基本医疗卫生与健康促进法 Art. 107 lists 乡镇卫生院, 社区卫生服务中心（站）,
// 村卫生室, 医务室, 门诊部, 诊所). A slip here silently raises the share, so the user is asked to
// confirm; a note only, never an error, never a fix.
import { issue } from './context';
import { defineRule } from './rule';
import { unitKeyword } from './grassroots';

/** Name markers, each with what it says about the unit (the first that matches is named). */
const MARKERS: readonly [RegExp, string][] = [
  [/附属/, '是大学或医学院的附属医院'],
  [/大学/, '是大学或大学的医院'],
  [/医学院|医科|卫生学校|卫生职业学院/, '是医学院校'],
  [/三级|三甲/, '是三级医院'],
  [/协和|中国医学科学院|中国中医科学院|解放军总医院/, '是国家级医院'],
  [/(省|自治区)[^市县区旗镇乡村]{0,10}医院/, '是省级医院'],
  [/^(北京|天津|上海|重庆)市?[^区县镇乡村]{0,10}医院/, '是直辖市的市级医院'],
  [/市(第.{1,3})?(人民|中心|中医)医院/, '是市级医院'],
];

const cache = new Map<string, string | null>();

/** Why a unit's name says it is not a grassroots unit, or null. */
export function notGrassrootsBecause(unit: string): string | null {
  let why = cache.get(unit);
  if (why === undefined) {
    if (cache.size > 50_000) cache.clear();
    const hit = MARKERS.find(([re]) => re.test(unit));
    const m = hit ? unit.match(hit[0]) : null;
    why = hit && m ? `单位名称含“${m[0]}”，${hit[1]}` : null;
    cache.set(unit, why);
  }
  return why;
}

export const rule = defineRule({
  scope: 'row',
  info: [{ id: 'grassroots.doubt', name: '是否基层单位存疑', description: '填“是”的单位名称显示它是大学、附属医院、医学院校、省市级或三级医院，通常不是基层医疗卫生机构：只作提示，请核实', severity: 'info' }],
  check(row, out) {
    const col = row.column('grassroots');
    if (!col || row.value('grassroots') !== '是') return;
    const unit = row.value('unit') ?? row.raw('unit');
    if (!unit || unitKeyword(row, unit) !== null) return;
    const why = notGrassrootsBecause(unit);
    if (why === null) return;
    out.push(issue('grassroots.doubt', 'info', row.row, col.name, row.raw('grassroots'), `${why}，通常不是基层医疗卫生机构；是否基层单位填的是“是”，请核实`));
  },
});
