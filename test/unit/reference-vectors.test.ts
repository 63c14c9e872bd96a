// Identity and mobile numbers published as test vectors by other projects, run through our engine.
// Each vector names where it was published. Where our verdict differs from the source's, the test
// says why (the roster's own rules: only the province part of a region code is checked, because
// old region codes stay valid forever; an attendee is 16–100 years old on the day of the check).
import { describe, expect, it } from 'vitest';
import type { Issue } from '../../src/lib/core/index';
import { checkCharacter } from '../../src/lib/core/idnumber';
import { check, row } from './helpers';

// python-stdnum: https://github.com/arthurdejong/python-stdnum, stdnum/cn/ric.py (module doctest)
// and tests/test_cn_ric.doctest.
const STDNUM = 'python-stdnum cn.ric';
// hutool: https://github.com/dromara/hutool, hutool-core/src/test/java/cn/hutool/core/util/IdcardUtilTest.java.
const HUTOOL = 'hutool IdcardUtilTest';
// id-validator (Python): https://github.com/jxlwqq/id-validator.py, test_validator.py.
const IDV_PY = 'jxlwqq/id-validator.py test_validator.py';
// id-validator (Go): https://github.com/guanguans/id-validator, id_validator_test.go.
const IDV_GO = 'guanguans/id-validator id_validator_test.go';
// IDValidator (JavaScript): https://github.com/mc-zone/IDValidator, tests/spec/specTest.js.
const IDV_JS = 'mc-zone/IDValidator specTest.js';
// libphonenumber: https://github.com/google/libphonenumber, resources/PhoneNumberMetadata.xml,
// territory CN (country code 86, international prefix 00; mobile example 13123456789, fixed-line
// example 1012345678, i.e. 010 1234 5678), as generated from it into
// https://github.com/daviddrysdale/python-phonenumbers, python/phonenumbers/data/region_CN.py.
const LIBPHONENUMBER = 'libphonenumber CN metadata';

const COLUMN = '证件号码';

/** The issues a one-row roster gets in 证件号码, with 证件类型 set to `type`. */
function idIssues(id: string, type = '居民身份证'): Issue[] {
  return check([row({ 证件类型: type, 证件号码: id })]).issues.filter((i) => i.column === COLUMN);
}

const error = (rule: string, value: string, message: string): Issue => ({ rule, severity: 'error', row: 2, column: COLUMN, value, message, fix: null }) as Issue;
const checksum = (value: string, expected: string) => error('id.checksum', value, `证件号码校验位错误：按前17位计算，最后一位应为 ${expected}，请核对号码`);
const length = (value: string) => error('id.format', value, `身份证号码应为18位数字（最后一位可为X），当前为 ${value.length} 位，请核对`);
const legacy = (value: string, fix: string): Issue => ({ rule: 'id.legacy', severity: 'warning', row: 2, column: COLUMN, value, message: `15位旧证件号码，应升为18位：${fix}`, fix });
const legacyDate = (value: string) => error('id.birthdate', value, '15位证件号码中的出生日期不存在，请核对');
const age = (value: string, years: number) => error('id.birthdate', value, `按证件号码计算年龄为 ${years} 岁，请核对`);

describe('resident ID numbers published by other validators', () => {
  it.each([
    ['360426199101010071', STDNUM],
    ['412723199010050012', STDNUM],
    ['110102199101010078', STDNUM],
    ['120110198012010073', STDNUM],
    ['120110199212010072', STDNUM],
    ['321083197812162119', HUTOOL],
    ['440308199901101512', IDV_PY],
    ['500154199804106120', IDV_PY],
    ['362324198001010014', IDV_PY],
    ['362324198101010011', IDV_PY],
    ['362324198201010019', IDV_PY],
    ['430302199312194239', IDV_PY],
    ['371001198010082394', IDV_JS],
  ])('accepts %s, valid in %s', (id) => {
    expect(idIssues(id)).toEqual([]);
  });

  // Valid in the sources, whose region tables know which county existed in which year; the roster
  // rule checks the province only (spec: "old six-digit region codes stay valid forever").
  it.each([
    ['110111198012010078', `${STDNUM} (county registered later than the birth year)`],
    ['500154199301135886', `${IDV_PY} (county registered later than the birth year)`],
  ])('accepts %s, whose county code the source dates (%s)', (id) => {
    expect(idIssues(id)).toEqual([]);
  });

  it('fixes the lower-case x of 44011320141005001x (python-stdnum) and reports the age of a child', () => {
    const id = '44011320141005001x';
    expect(idIssues(id)).toEqual([
      { rule: 'format', severity: 'warning', row: 2, column: COLUMN, value: id, message: '证件号码中有空格、全角字符或小写x，应为 44011320141005001X', fix: '44011320141005001X' },
      age(id, 12),
    ]);
  });

  it.each([
    ['36042619910102009X', '3', STDNUM],
    ['440308199901101513', '2', IDV_PY],
    ['111111199901101512', '4', IDV_PY],
    ['810000199408230022', '1', IDV_GO],
    ['345955198706122245', 'X', IDV_JS],
  ])('reports the wrong check character of %s as %s (%s)', (id, expected) => {
    const type = id.startsWith('81') ? '港澳台居民居住证' : '居民身份证';
    expect(idIssues(id, type)).toEqual([checksum(id, expected)]);
  });

  it('reports the wrong check character of 830000199201300023 (id-validator Go) on a Taiwan residence permit', () => {
    expect(idIssues('830000199201300023', '港澳台居民居住证')).toEqual([checksum('830000199201300023', '2')]);
  });

  it.each([
    ['44030819990110', IDV_PY],
    ['4403081999011015133', IDV_GO],
    ['61010462092769', IDV_GO],
  ])('reports %s as the wrong length (%s)', (id) => {
    expect(idIssues(id)).toEqual([length(id)]);
  });

  it.each([
    ['T60426199101010078', STDNUM],
    ['3301022011022000D6', HUTOOL],
  ])('reports letters inside %s (%s)', (id) => {
    expect(idIssues(id)).toEqual([error('id.format', id, '身份证号码应为18位数字（最后一位可为X），含有数字和X以外的字符，请核对')]);
  });

  it('reports the month 13 of 360426199113010079 (python-stdnum)', () => {
    expect(idIssues('360426199113010079')).toEqual([error('id.birthdate', '360426199113010079', '出生日期 1991-13-01 不存在，请核对')]);
  });

  it('reports the 30 February of 440308199902301512 (id-validator Python), whose check character is also wrong', () => {
    const id = '440308199902301512';
    expect(idIssues(id)).toEqual([error('id.birthdate', id, '出生日期 1999-02-30 不存在，请核对'), checksum(id, '6')]);
  });

  it('reports the unknown province 99 of 990426199112010074 (python-stdnum)', () => {
    expect(idIssues('990426199112010074')).toEqual([error('id.format', '990426199112010074', '前两位“99”不是有效的省份代码，请核对')]);
  });

  it('reports both the province 20 and the date 2218-97-20 of 201511221897205960 (hutool)', () => {
    const id = '201511221897205960';
    expect(idIssues(id)).toEqual([
      error('id.format', id, '前两位“20”不是有效的省份代码，请核对'),
      error('id.birthdate', id, '出生日期 2218-97-20 不存在，请核对'),
    ]);
  });
});

describe('15-digit IDs published by other validators', () => {
  it.each([
    ['150102880730303', '150102198807303035', HUTOOL],
    ['610104620927690', '610104196209276908', IDV_PY],
    ['431389760616601', '431389197606166012', IDV_JS],
  ])('offers the 18-digit form of %s: %s (%s)', (id, fix) => {
    expect(idIssues(id)).toEqual([legacy(id, fix)]);
  });

  it('offers 33010219200403064X for 330102200403064 (hutool) and reports the age 106', () => {
    expect(idIssues('330102200403064')).toEqual([legacy('330102200403064', '33010219200403064X'), age('330102200403064', 106)]);
  });

  // hutool accepts 111111111111111 (issue I88YKM); born 1911, the attendee would be 115.
  it('reports the age of 111111111111111 (hutool) after offering its 18-digit form', () => {
    expect(idIssues('111111111111111')).toEqual([legacy('111111111111111', '111111191111111113'), age('111111111111111', 115)]);
  });

  it.each([
    ['360198910283844', HUTOOL],
    ['815727834224151', HUTOOL],
    ['610104620932690', IDV_PY],
    ['510104621927691', IDV_GO],
  ])('reports the impossible birth date of %s (%s)', (id) => {
    expect(idIssues(id)).toEqual([legacyDate(id)]);
  });
});

describe('港澳台居民居住证 numbers', () => {
  it.each([
    ['81000019980902013X', HUTOOL],
    ['820000200009100032', HUTOOL],
    ['830000200209060065', HUTOOL],
    ['810000199408230021', IDV_PY],
    ['830000199201300022', IDV_PY],
  ])('accepts %s as a residence permit (%s)', (id) => {
    expect(idIssues(id, '港澳台居民居住证')).toEqual([]);
  });

  it('reports a mainland region on a residence permit: 360426199101010071 (python-stdnum)', () => {
    expect(idIssues('360426199101010071', '港澳台居民居住证')).toEqual([
      error('id.format', '360426199101010071', '港澳台居民居住证号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头，当前为“360426”：请核对号码；内地居民请将证件类型改为“居民身份证”'),
    ]);
  });

  // GB/T 2260 gives 81 and 82 to the whole region; a permit's region is always 810000 or 820000.
  it('reports a Hong Kong district code instead of 810000 on a residence permit', () => {
    const id = `81010119900307001${checkCharacter('81010119900307001')}`;
    expect(idIssues(id, '港澳台居民居住证')).toEqual([
      error('id.format', id, '港澳台居民居住证号码应以 810000（香港）、820000（澳门）或 830000（台湾）开头，当前为“810101”：请核对号码；内地居民请将证件类型改为“居民身份证”'),
    ]);
  });

  it('reports a 15-digit number as a residence permit, which has no old form: 610104620927690 (id-validator Python)', () => {
    expect(idIssues('610104620927690', '港澳台居民居住证')).toEqual([
      error('id.format', '610104620927690', '港澳台居民居住证号码应为18位数字（最后一位可为X），当前为 15 位，请核对'),
    ]);
  });

  it.each([
    ['830000200209060065', HUTOOL],
    ['830000199201300022', IDV_PY],
  ])('reports the Taiwan residence permit %s given as a 居民身份证 (%s)', (id) => {
    expect(idIssues(id, '居民身份证')).toEqual([
      error('id.format', id, '以83开头的是台湾居民居住证号码，不是居民身份证：请将证件类型改为“港澳台居民居住证”，或核对号码'),
    ]);
  });

  it('treats an ID with no 证件类型 as a 居民身份证, so 83 is reported there too', () => {
    expect(idIssues('830000199201300022', '')).toEqual([
      error('id.format', '830000199201300022', '以83开头的是台湾居民居住证号码，不是居民身份证：请将证件类型改为“港澳台居民居住证”，或核对号码'),
    ]);
  });

  // A 居民身份证 is issued to mainland residents only: 81 and 82 are Hong Kong's and Macau's codes
  // (GB/T 2260), used on residence permits alone, as 83 is.
  it.each([
    ['81000019980902013X', '81', '香港', HUTOOL],
    ['810000199408230021', '81', '香港', IDV_PY],
    ['820000200009100032', '82', '澳门', HUTOOL],
  ])('reports the residence permit %s given as a 居民身份证 (%s…, %s; %s)', (id, prefix, place) => {
    expect(idIssues(id, '居民身份证')).toEqual([
      error('id.format', id, `以${prefix}开头的是${place}居民居住证号码，不是居民身份证：请将证件类型改为“港澳台居民居住证”，或核对号码`),
    ]);
  });

  it('reports a Hong Kong district code on a 居民身份证 the same way (81 is never a mainland region)', () => {
    const id = `81010119900307001${checkCharacter('81010119900307001')}`;
    expect(idIssues(id, '居民身份证')).toEqual([
      error('id.format', id, '以81开头的是香港居民居住证号码，不是居民身份证：请将证件类型改为“港澳台居民居住证”，或核对号码'),
    ]);
  });
});

describe('外国人永久居留身份证 numbers', () => {
  const TYPE = '外国人永久居留身份证';

  it('accepts the 2023 card 932682198501010017 (hutool)', () => {
    expect(idIssues('932682198501010017', TYPE)).toEqual([]);
  });

  it('reports a wrong check character on a 2023 card (hutool\'s 932682198501010017 with its last digit changed)', () => {
    expect(idIssues('932682198501010018', TYPE)).toEqual([checksum('932682198501010018', '7')]);
  });

  // The 2004 card's shape, 3 letters + 12 digits, as in sjingcong/lerna-demo
  // packages/shared/h5-field/DocumentField/validators/foreignerPermanentResident.ts (/^[A-Z]{3}[0-9]{12}$/);
  // the number itself is made up.
  it('accepts the older 15-character card of 3 letters and 12 digits', () => {
    expect(idIssues('USA320185010101', TYPE)).toEqual([]);
  });

  it.each([
    ['832682198501010017', 'an 18-digit number not starting with 9'],
    ['93268219850101001', '17 digits'],
    ['CA1110019810803', '2 letters and 13 digits'],
    ['E12345678', 'a passport number'],
  ])('reports %s (%s) as the wrong shape', (id) => {
    expect(idIssues(id, TYPE)).toEqual([
      error('id.format', id, '外国人永久居留身份证号码应为18位（2023年起的新证：以9开头，最后一位可为X）或15位（旧证：3个字母加12位数字），请核对'),
    ]);
  });

  it('fixes spaces and a lower-case x in a 2023 card', () => {
    const id = '93268219850101013X';
    const typed = '932682 19850101013x';
    expect(idIssues(typed, TYPE)).toEqual([
      { rule: 'format', severity: 'warning', row: 2, column: COLUMN, value: typed, message: `证件号码中有空格或全角字符，应为 ${id}`, fix: id },
    ]);
  });
});

describe('province codes (GB/T 2260)', () => {
  const withCode = (code: string) => `${code}010119900307001${checkCharacter(`${code}010119900307001`)}`;

  // GB/T 2260's province-level codes, Taiwan (71) included.
  it.each(['11', '15', '23', '31', '37', '46', '50', '54', '65', '71'])('accepts the province code %s', (code) => {
    expect(idIssues(withCode(code))).toEqual([]);
  });

  it.each(['10', '16', '20', '39', '47', '55', '66', '72', '84', '91'])('reports %s, which GB/T 2260 does not give to a province', (code) => {
    expect(idIssues(withCode(code))).toEqual([error('id.format', withCode(code), `前两位“${code}”不是有效的省份代码，请核对`)]);
  });
});

describe('mobile numbers (libphonenumber CN metadata)', () => {
  const mobileIssues = (value: string) => check([row({ 手机号码: value })]).issues.filter((i) => i.column === '手机号码');
  const fixed = (value: string): Issue => ({ rule: 'format', severity: 'warning', row: 2, column: '手机号码', value, message: '手机号码中有多余字符，应为 13123456789', fix: '13123456789' });

  it(`accepts the example mobile number 13123456789 (${LIBPHONENUMBER})`, () => {
    expect(mobileIssues('13123456789')).toEqual([]);
  });

  // The same number dialled from abroad: country code 86, after + or the international prefix 00.
  it.each([
    '+86 131 2345 6789',
    '+8613123456789',
    '+86-131-2345-6789',
    '(+86)13123456789',
    '（+86）131 2345 6789',
    '0086 131 2345 6789',
    '0086-13123456789',
    '008613123456789',
    '86-13123456789',
    '86 131-2345-6789',
    '＋８６ １３１２３４５６７８９',
    '131–2345–6789',
  ])('fixes %s to 13123456789', (value) => {
    expect(mobileIssues(value)).toEqual([fixed(value)]);
  });

  it.each(['010 1234 5678', '010-12345678', '01012345678'])(`reports %s, the fixed-line example of ${LIBPHONENUMBER}, as a landline`, (value) => {
    expect(mobileIssues(value)).toEqual([{ rule: 'phone.format', severity: 'error', row: 2, column: '手机号码', value, message: '这是座机号码，请填写本人11位手机号码', fix: null }]);
  });

  it.each(['0086 1312345678', '+86 12123456789', '0086 131234567890', '0087 13123456789'])('reports %s, which is not a mobile number with a country code', (value) => {
    expect(mobileIssues(value)).toEqual([{ rule: 'phone.format', severity: 'error', row: 2, column: '手机号码', value, message: '手机号码应为11位数字、以1开头，请核对', fix: null }]);
  });
});
