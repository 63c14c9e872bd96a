import { describe, expect, it } from 'vitest';
import { HEADER, check, cellIssues, row } from './helpers';

// 60,000 brackets: the old backtracking pattern took minutes on this (past the test timeout).
const HEADER_WITH_JUNK = [...HEADER, '('.repeat(60_000)];

// Data rows start at Excel row 2 (row 1 is the header).

describe('a clean roster', () => {
  it('reports no cell issue for a valid row', () => {
    const { issues } = check([row()]);
    expect(cellIssues(issues)).toEqual([]);
  });
});

describe('required', () => {
  it('reports an empty required cell at its row and column', () => {
    const { issues } = check([row(), row({ 证件号码: '110101199003070038', 姓名: '' })]);
    expect(issues).toContainEqual({ rule: 'required', severity: 'error', row: 3, column: '姓名', value: '', message: '姓名为必填项，请补充', fix: null });
  });
  it('treats a cell of spaces as empty', () => {
    const { issues } = check([row({ 工作单位: ' \u3000 ' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'required', row: 2, column: '工作单位' }));
  });
  it('does not require the province in a Beijing municipal project', () => {
    const { issues } = check([row({ 单位所在省份: '', 是否基层单位: '' })], { profile: 'beijing' });
    expect(cellIssues(issues)).toEqual([]);
  });
  it('does not count a row with only 序号 as an attendee', () => {
    const { summary, issues } = check([row(), ['2'], ['3', '', '', '']]);
    expect(summary.attendees).toBe(1);
    expect(cellIssues(issues)).toEqual([]);
  });
});

describe('dictionary', () => {
  it('fixes a known title slip to the one value it means', () => {
    const { issues } = check([row({ 职称: '副主任医生' })]);
    expect(issues).toContainEqual({
      rule: 'dictionary', severity: 'error', row: 2, column: '职称', value: '副主任医生',
      message: '“副主任医生”不是字典值，应为“副主任医师”', fix: '副主任医师',
    });
  });
  it('reports a vague title such as 中级 as an error with no fix', () => {
    for (const vague of ['中级', '高级', '正高', '副高', '初级', '主任', '科主任', '博士']) {
      const { issues } = check([row({ 职称: vague })]);
      expect(issues).toContainEqual(expect.objectContaining({ rule: 'dictionary', severity: 'error', row: 2, column: '职称', value: vague, fix: null }));
    }
  });
  it('fixes a short province name to the full name', () => {
    const { issues } = check([row({ 单位所在省份: '河北' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'dictionary', column: '单位所在省份', value: '河北', fix: '河北省' }));
  });
  it('treats full-width brackets and spaces as a formatting slip, not an error', () => {
    const { issues } = check([row({ 所在学科: '医院感染(管理)学 ' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'format', severity: 'warning', column: '所在学科', fix: '医院感染（管理）学' }));
  });
  it('reports an unknown value with no fix', () => {
    const { issues } = check([row({ 性别: '未知' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'dictionary', column: '性别', value: '未知', fix: null, message: '“未知”不是字典值，请改为模板中的选项（男、女）' }));
  });
});

describe('identity numbers', () => {
  it('says what the check character should be', () => {
    const { issues } = check([row({ 证件号码: '110101199003070012' })]);
    expect(issues).toContainEqual({
      rule: 'id.checksum', severity: 'error', row: 2, column: '证件号码', value: '110101199003070012',
      message: '证件号码校验位错误：按前17位计算，最后一位应为 1，请核对号码', fix: null,
    });
  });
  it('reports an ID stored as a number as corrupt, and never guesses it', () => {
    const { issues } = check([row({ 证件号码: '1.10101E+17' })], { numeric: [[1, 4]] });
    expect(cellIssues(issues)).toEqual([expect.objectContaining({ rule: 'id.scientific', row: 2, column: '证件号码', fix: null })]);
  });
  it('reports an 18-digit number cell as corrupt even when Excel shows all digits', () => {
    const { issues } = check([row({ 证件号码: '110101199003070000' })], { numeric: [[1, 4]] });
    expect(cellIssues(issues)).toContainEqual(expect.objectContaining({ rule: 'id.scientific' }));
  });
  it('reports scientific notation that arrived as text (from a CSV)', () => {
    const { issues } = check([row({ 证件号码: '1.10101E+17' })]);
    expect(cellIssues(issues)).toContainEqual(expect.objectContaining({ rule: 'id.scientific', fix: null }));
  });
  it('fixes lower-case x, full-width digits and spaces', () => {
    const { issues } = check([row({ 性别: '女', 证件号码: '１１０１０１ 19900307002x\u200b' })]);
    expect(cellIssues(issues)).toEqual([expect.objectContaining({ rule: 'format', severity: 'warning', column: '证件号码', fix: '11010119900307002X' })]);
  });
  it('offers the 18-digit form of a 15-digit ID', () => {
    const { issues } = check([row({ 证件号码: '110101900307001' })]);
    expect(cellIssues(issues)).toEqual([expect.objectContaining({ rule: 'id.legacy', column: '证件号码', fix: '110101199003070011' })]);
  });
  it('reports a wrong length', () => {
    const { issues } = check([row({ 证件号码: '11010119900307001' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'id.format', message: '身份证号码应为18位数字（最后一位可为X），当前为 17 位，请核对' }));
  });
  it('reports an impossible birth date', () => {
    const { issues } = check([row({ 证件号码: '110101199002300014' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'id.birthdate', message: '出生日期 1990-02-30 不存在，请核对' }));
  });
  it('reports an age outside 16–100', () => {
    const { issues } = check([row({ 证件号码: '110101201501010016' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'id.birthdate', message: '按证件号码计算年龄为 11 岁，请核对' }));
  });
  it('reports an unknown province code', () => {
    const { issues } = check([row({ 证件号码: '991010199003070011' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'id.format', message: '前两位“99”不是有效的省份代码，请核对' }));
  });
  it('accepts a passport number and skips resident checks', () => {
    const { issues } = check([row({ 证件类型: '护照', 证件号码: 'E12345678' })]);
    expect(cellIssues(issues)).toEqual([]);
  });
  it('reports a passport number of the wrong shape', () => {
    const { issues } = check([row({ 证件类型: '护照', 证件号码: 'E12' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'id.format', column: '证件号码', fix: null }));
  });
  it('reports every row of a duplicate group, naming the other rows', () => {
    const { issues } = check([row(), row({ 序号: '2' }), row({ 证件号码: '110101199003070038' }), row({ 证件号码: '11010119900307001１' })]);
    const dups = issues.filter((i) => i.rule === 'id.duplicate');
    expect(dups).toEqual([
      { rule: 'id.duplicate', severity: 'error', row: 2, column: '证件号码', value: '110101199003070011', message: '证件号码与第 3、5 行重复：同一学员只能出现一次', fix: null },
      { rule: 'id.duplicate', severity: 'error', row: 3, column: '证件号码', value: '110101199003070011', message: '证件号码与第 2、5 行重复：同一学员只能出现一次', fix: null },
      { rule: 'id.duplicate', severity: 'error', row: 5, column: '证件号码', value: '11010119900307001１', message: '证件号码与第 2、3 行重复：同一学员只能出现一次', fix: null },
    ]);
  });

  it('names the first five rows of a large duplicate group and counts the rest once', () => {
    const rows = Array.from({ length: 8 }, () => row({ 证件号码: '110101199003070011' }));
    const dup = check(rows).issues.find((i) => i.rule === 'id.duplicate' && i.row === 2);
    expect(dup?.message).toBe('证件号码与第 3、4、5、6、7 行等共 7 行重复：同一学员只能出现一次');
  });
  it('finds a 15-digit ID duplicating its 18-digit form', () => {
    const { issues } = check([row(), row({ 证件号码: '110101900307001' })]);
    expect(issues.filter((i) => i.rule === 'id.duplicate').map((i) => i.row)).toEqual([2, 3]);
  });
});

describe('gender', () => {
  it('reports 性别 against the sequence digit of the ID', () => {
    const { issues } = check([row({ 性别: '女' })]);
    expect(issues).toContainEqual({
      rule: 'gender.mismatch', severity: 'error', row: 2, column: '性别', value: '女',
      message: '性别与证件号码不符（按证件号码应为“男”），请核对', fix: null,
    });
  });
  it('compares after fixing 男性 to 男', () => {
    const { issues } = check([row({ 性别: '男性' })]);
    expect(cellIssues(issues).map((i) => i.rule)).toEqual(['dictionary']);
  });
});

describe('phone', () => {
  it('reports a landline as wrong', () => {
    const { issues } = check([row({ 手机号码: '010-65295114' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'phone.format', message: '这是座机号码，请填写本人11位手机号码', fix: null }));
  });
  it('fixes +86, dashes and spaces', () => {
    for (const v of ['+86 138-1234-5678', '138 1234 5678', '１３８１２３４５６７８']) {
      const { issues } = check([row({ 手机号码: v })]);
      expect(cellIssues(issues)).toEqual([expect.objectContaining({ rule: 'format', column: '手机号码', fix: '13812345678' })]);
    }
  });
  it('reports a number that is too short', () => {
    const { issues } = check([row({ 手机号码: '1381234567' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'phone.format', fix: null }));
  });
});

describe('other cell rules', () => {
  it('reports digits in a name', () => {
    const { issues } = check([row({ 姓名: '张三2' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'name.format', severity: 'error', column: '姓名' }));
  });
  it('removes a space between Chinese characters of a name but keeps it in a Latin name', () => {
    expect(cellIssues(check([row({ 姓名: '张 三' })]).issues)).toEqual([expect.objectContaining({ rule: 'format', fix: '张三' })]);
    expect(cellIssues(check([row({ 姓名: 'John Smith' })]).issues)).toEqual([]);
  });
  it('flags a cell a spreadsheet program would execute', () => {
    const { issues } = check([row({ 工作单位: '=HYPERLINK("http://x","y")' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'cell.formula', severity: 'warning', row: 2, column: '工作单位', fix: null }));
  });
  it('flags formula-like text in a column the template does not know', () => {
    const { issues } = check([[...row(), '@SUM(A1)']], { header: [...row().map((_, i) => ['序号', '姓名', '性别', '证件类型', '证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称', '学历', '所在学科', '手机号码', '电子邮箱'][i] as string), '备注'] });
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'cell.formula', row: 2, column: null, value: '@SUM(A1)' }));
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'header.unknown', severity: 'info', value: '备注' }));
  });
  it('reports a malformed e-mail address as a warning', () => {
    const { issues } = check([row({ 电子邮箱: 'zhang@' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'email.format', severity: 'warning' }));
  });
  it('suggests 是 for a grassroots unit left empty, without filling it in', () => {
    const { issues } = check([row({ 工作单位: '某某县某某镇卫生院', 是否基层单位: '' })]);
    const req = issues.find((i) => i.rule === 'required' && i.column === '是否基层单位');
    expect(req).toMatchObject({ fix: null, suggestion: '是' });
  });
  it('warns of a unit name that is an abbreviation', () => {
    const { issues } = check([row({ 工作单位: '协和' })]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'unit.short', column: '工作单位' }));
  });
});

describe('whole-roster rules', () => {
  it('reports a missing required column once, at the header row', () => {
    const header = ['姓名', '性别', '证件号码', '工作单位', '单位所在省份', '是否基层单位', '职称'];
    const { issues } = check([['张三', '男', '110101199003070011', '北京协和医院', '北京市', '否', '主治医师']], { header });
    expect(issues).toContainEqual({ rule: 'header.missing', severity: 'error', row: 1, column: '手机号码', value: '', message: '缺少必填列“手机号码”，请按模板补上这一列', fix: null });
    expect(issues.filter((i) => i.column === '手机号码')).toHaveLength(1);
  });
  it('warns when there are fewer than 50 attendees, unless the project is practical training', () => {
    const { issues } = check([row()]);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'count.range', severity: 'warning', row: null, column: null, value: '1' }));
    expect(check([row()], { settings: { practical: true } }).issues.filter((i) => i.rule === 'count.range')).toEqual([]);
  });
  it('computes the share, counting a person both out-of-province and grassroots once', () => {
    const rows = [
      row({ 单位所在省份: '河北省', 是否基层单位: '是', 证件号码: '110101199003070038', 性别: '男' }),
      row({ 单位所在省份: '河北', 证件号码: '110101198501010025', 性别: '女' }),
      row({ 是否基层单位: '是', 证件号码: '440101198001010025', 性别: '女' }),
      ...Array.from({ length: 7 }, (_, i) => row({ 序号: String(i + 4), 证件号码: '' })),
    ];
    const { summary } = check(rows);
    expect(summary).toMatchObject({ attendees: 10, outOfProvince: 2, grassroots: 2, outOfProvinceOrGrassroots: 3, share: 0.3, needMore: 0 });
  });
  it('says how many more qualifying attendees reach 10%', () => {
    const rows = Array.from({ length: 100 }, (_, i) => row({ 序号: String(i), 证件号码: '', 单位所在省份: i < 5 ? '天津市' : '北京市' }));
    const { summary, issues } = check(rows);
    // (5 + k) / (100 + k) ≥ 10% first holds at k = 6.
    expect(summary.needMore).toBe(6);
    expect(issues).toContainEqual(expect.objectContaining({ rule: 'share.min', severity: 'warning', row: null, value: '5.0%' }));
  });
  it('does not apply the share rule to a municipal project', () => {
    const rows = Array.from({ length: 60 }, (_, i) => row({ 序号: String(i), 证件号码: '' }));
    expect(check(rows, { profile: 'beijing' }).issues.filter((i) => i.rule === 'share.min')).toEqual([]);
  });
  it('takes the host province from the settings', () => {
    const rows = [row({ 单位所在省份: '北京市' }), row({ 单位所在省份: '天津市', 证件号码: '110101199003070038' })];
    expect(check(rows, { settings: { hostProvince: '天津' } }).summary.outOfProvince).toBe(1);
  });
});

describe('hostile headers', () => {
  it('finds the header next to a 60,000-character cell of brackets, keeping it as an unknown column', () => {
    const { located } = check([row()], { header: HEADER_WITH_JUNK });
    expect(located.headerRow).toBe(0);
    expect(located.unknown.map((u) => u.header.length)).toEqual([60_000]);
  });
});
