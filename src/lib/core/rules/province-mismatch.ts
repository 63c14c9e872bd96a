// Rule `province.mismatch`: 单位所在省份 contradicts a province or provincial capital named in the
// unit's name (河北医科大学第二医院 with 北京市). A slip here silently changes the out-of-province
// count, so the user is asked to confirm; a note only, never an error, never a fix (a unit may be a
// branch elsewhere, e.g. 北京大学深圳医院).
import { issue } from './context';
import { defineRule } from './rule';

/** Short province names (GB/T 2260) and provincial capitals → the 单位所在省份 values they mean. */
const PLACES: Record<string, readonly string[]> = {
  北京: ['北京市'], 天津: ['天津市'], 河北: ['河北省'], 石家庄: ['河北省'], 山西: ['山西省'], 太原: ['山西省'],
  内蒙古: ['内蒙古自治区'], 呼和浩特: ['内蒙古自治区'], 辽宁: ['辽宁省'], 沈阳: ['辽宁省'], 吉林: ['吉林省'], 长春: ['吉林省'],
  黑龙江: ['黑龙江省'], 哈尔滨: ['黑龙江省'], 上海: ['上海市'], 江苏: ['江苏省'], 南京: ['江苏省'], 浙江: ['浙江省'], 杭州: ['浙江省'],
  安徽: ['安徽省'], 合肥: ['安徽省'], 福建: ['福建省'], 福州: ['福建省'], 江西: ['江西省'], 南昌: ['江西省'], 山东: ['山东省'],
  济南: ['山东省'], 河南: ['河南省'], 郑州: ['河南省'], 湖北: ['湖北省'], 武汉: ['湖北省'], 湖南: ['湖南省'], 长沙: ['湖南省'],
  广东: ['广东省'], 广州: ['广东省'], 广西: ['广西壮族自治区'], 南宁: ['广西壮族自治区'], 海南: ['海南省'], 海口: ['海南省'],
  重庆: ['重庆市'], 四川: ['四川省'], 成都: ['四川省'], 贵州: ['贵州省'], 贵阳: ['贵州省'], 云南: ['云南省'], 昆明: ['云南省'],
  西藏: ['西藏自治区'], 拉萨: ['西藏自治区'], 陕西: ['陕西省'], 西安: ['陕西省'], 甘肃: ['甘肃省'], 兰州: ['甘肃省'],
  青海: ['青海省'], 西宁: ['青海省'], 宁夏: ['宁夏回族自治区'], 银川: ['宁夏回族自治区'],
  新疆: ['新疆维吾尔自治区', '新疆生产建设兵团'], 乌鲁木齐: ['新疆维吾尔自治区', '新疆生产建设兵团'],
  台湾: ['台湾省'], 香港: ['香港特别行政区'], 澳门: ['澳门特别行政区'],
};
// The leftmost name wins ("河南宁陵县" is 河南, not 南宁); at one position the longest.
const PLACE = new RegExp(Object.keys(PLACES).sort((a, b) => b.length - a.length).join('|'));

interface Place {
  name: string;
  means: readonly string[];
}
const cache = new Map<string, Place | null>();

/** The first place named in a unit's name and the provinces it means, or null (cached: units repeat). */
export function placeInName(unit: string): Place | null {
  let place = cache.get(unit);
  if (place === undefined) {
    if (cache.size > 50_000) cache.clear();
    const name = PLACE.exec(unit)?.[0];
    place = name === undefined ? null : { name, means: PLACES[name] as readonly string[] };
    cache.set(unit, place);
  }
  return place;
}

export const rule = defineRule({
  scope: 'row',
  info: [{ id: 'province.mismatch', name: '单位所在省份与单位名称不符', description: '单位名称中的省份或省会城市与单位所在省份不一致：只作提示，请核实', severity: 'info' }],
  check(row, out) {
    const col = row.column('province');
    const province = row.value('province');
    // The fact the people counts and the share read: a province filled in, understood, and not the host's.
    row.facts.outOfProvince = col !== undefined && !row.empty('province') && province !== null && province !== row.ctx.settings.hostProvince;
    if (!col || !province) return;
    const unit = row.value('unit') ?? row.raw('unit');
    const place = unit ? placeInName(unit) : null;
    if (place === null) return;
    const means = place.means;
    if (means[0] === province || means.includes(province)) return;
    // Only a province the dictionary knows is compared (an unknown one is a dictionary error already).
    if (!row.ctx.dictionaries['province']?.values.has(province)) return;
    out.push(issue('province.mismatch', 'info', row.row, col.name, row.raw('province'), `单位名称含“${place.name}”（${means[0]}），而单位所在省份填的是“${province}”，请核实`));
  },
});
