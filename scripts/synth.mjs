// Synthetic rosters (no real people) for fixtures and benchmarks. Deterministic: the same seed
// gives the same roster. The ID check character is computed here on its own, independently of
// src/, so tests compare the engine against a second implementation.

export const HEADER = ['序号', '姓名', '性别', '证件类型', '证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '手机号码', '电子邮箱'];

export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function idCheck(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * w[i];
  return '10X98765432'[s % 11];
}

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const GIVEN = '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玉兰萍红鹏辉建国志文斌宇浩凯俊峰晨欣怡佳琪';
const PROVINCES = [
  ['11', '北京市'], ['12', '天津市'], ['13', '河北省'], ['14', '山西省'], ['15', '内蒙古自治区'], ['21', '辽宁省'], ['32', '江苏省'],
  ['33', '浙江省'], ['37', '山东省'], ['41', '河南省'], ['42', '湖北省'], ['44', '广东省'], ['51', '四川省'], ['61', '陕西省'],
];
const UNITS = ['北京协和医院', '北京大学第三医院', '首都医科大学附属北京天坛医院', '中国医学科学院阜外医院', '北京积水潭医院', '北京市朝阳区双井社区卫生服务中心'];
/**
 * Units outside Beijing, each with the province it is in (a unit named after a province or its
 * capital must carry that province, or the plausibility note province.mismatch fires).
 */
const OUT_UNITS = [
  ['13', '河北省', '河北医科大学第二医院'], ['37', '山东省', '山东省立医院'], ['33', '浙江省', '浙江大学医学院附属第一医院'],
  ['51', '四川省', '四川大学华西医院'], ['41', '河南省', '郑州大学第一附属医院'], ['13', '河北省', '保定市某某镇卫生院'],
  ['32', '江苏省', '苏州市某某镇卫生院'], ['21', '辽宁省', '大连市某某社区卫生服务中心'], ['44', '广东省', '广东省人民医院'],
];
const TITLES = ['主任医师', '副主任医师', '主治医师', '医师', '主管护师', '护师', '主管药师', '主管技师', '副主任护师'];
const EDU = ['博士研究生', '硕士研究生', '大学本科', '大学专科'];
const SUBJECTS = ['临床内科学', '临床外科学', '妇产科学', '儿科学', '护理学', '药学', '医学检验', '影像医学', '急诊学', '全科医学'];

function pick(r, list) {
  return list[Math.floor(r() * list.length)];
}

/** A valid resident ID for a province code, sex and a birth year. */
export function makeId(r, code, male, year) {
  const region = `${code}0101`;
  const month = 1 + Math.floor(r() * 12);
  const day = 1 + Math.floor(r() * 28);
  let seq = Math.floor(r() * 500) * 2 + (male ? 1 : 0);
  const first17 = `${region}${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(seq).padStart(3, '0')}`;
  return first17 + idCheck(first17);
}

/**
 * n clean attendee rows in template order (strings). About a quarter work outside Beijing or at a
 * grassroots unit, so the share is comfortably above 10%.
 */
export function makeRows(n, seed = 1) {
  const r = rng(seed);
  const rows = [];
  const used = new Set();
  for (let i = 0; i < n; i++) {
    const male = r() < 0.45;
    const outside = r() < 0.2;
    const [code, province, unit] = outside ? pick(r, OUT_UNITS) : [...PROVINCES[0], pick(r, UNITS)];
    const grassroots = /卫生院|社区卫生服务中心/.test(unit) ? '是' : '否';
    let id;
    do id = makeId(r, code, male, 1960 + Math.floor(r() * 40));
    while (used.has(id));
    used.add(id);
    const name = pick(r, SURNAMES) + pick(r, GIVEN) + (r() < 0.5 ? pick(r, GIVEN) : '');
    const phone = `1${3 + Math.floor(r() * 7)}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
    rows.push([String(i + 1), name, male ? '男' : '女', '居民身份证', id, unit, province, grassroots, pick(r, TITLES), pick(r, EDU), pick(r, SUBJECTS), phone, `user${i + 1}@example.com`]);
  }
  return rows;
}

/** GBK encoding without a codepage table: invert the platform's GBK decoder. */
let gbkMap;
export function encodeGbk(text) {
  if (!gbkMap) {
    gbkMap = new Map();
    const dec = new TextDecoder('gbk');
    for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        const ch = dec.decode(new Uint8Array([a, b]));
        if (ch.length === 1 && ch !== '\ufffd' && !gbkMap.has(ch)) gbkMap.set(ch, [a, b]);
      }
    }
  }
  const out = [];
  for (const ch of text) {
    const code = ch.codePointAt(0);
    if (code < 0x80) out.push(code);
    else {
      const bytes = gbkMap.get(ch);
      if (!bytes) throw new Error(`not in GBK: ${ch}`);
      out.push(...bytes);
    }
  }
  return new Uint8Array(out);
}
