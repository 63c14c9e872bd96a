// The 使用说明 for clerks, in one place: the page's 帮助 panel shows it, and docs/使用说明.md is
// made from it (test/unit/help-doc.test.ts keeps the two equal). Plain text only: the panel
// renders it as text, never as HTML. Quotes are from the notices in /work/shared/seeds.
export interface HelpSection {
  title: string;
  paragraphs: string[];
  /** A list after the paragraphs (shown as bullet points). */
  items?: string[];
}

export const HELP: HelpSection[] = [
  {
    title: '这个页面做什么',
    paragraphs: ['在把继续医学教育项目的“学员通讯录”上传到申报系统之前，先在这里检查一遍：找出会被系统拒收或在审核中被指出的问题，能自动改的给出修改建议，最后导出改好的文件和一份校验报告。'],
  },
  {
    title: '检查哪些内容，为什么',
    paragraphs: ['通知要求：“‘学员通讯录’须使用申报系统提供模板，并注意字典项”。所以页面按模板的列和下拉列表（字典项）逐格检查。载入官方空白模板后，按模板本身的表头和下拉列表检查。'],
    items: [
      '证件号码：位数、校验位、出生日期，是否重复（同一学员只能出现一次），是否被 Excel 改成了科学计数法。',
      '性别与证件号码是否一致；手机号码是否为 11 位；电子邮箱格式。',
      '职称、学历、所在学科、单位所在省份等是否为字典中的值（如“河北”应为“河北省”）。',
      '学员人数：通知说“学员人数大于1000人或小于50人（实操训练类项目除外）的，不建议再次申报”。',
      '外省和基层学员占比：通知说“外省学员和基层学员的占比人数原则不低于10%”，页面算出占比和还需招收的人数。',
      '学分：同一学员“在同一天录入超过2分项目学习学分”会被指出（批量校验时检查）。',
    ],
  },
  {
    title: '“可以上传”是什么意思',
    paragraphs: [
      '“可以上传”：文件里没有错误，项目设置也没有错误，原文件就可以上传。',
      '“导出后可以上传”：按建议修正和您的修改之后没有错误。请按“导出校正文件”，上传导出的“…-已校正”文件（页面上写着它的名字，.xls 名单导出的仍是 .xls），不是原文件。',
      '“需修改”：还有需要手工修改的错误，问题清单里逐条列出，点一条就跳到那个单元格。警告和提示不影响上传，但建议看一下。',
      'CSV 文件内容无误时，请导出为 Excel 文件或复制到官方模板后再上传。',
    ],
  },
  {
    title: '表头和模板不一样怎么办',
    paragraphs: [
      '名单的列名与模板不同（如把“手机号码”写成“联系方式”），或缺少必填的列时，页面会打开“核对列”：每个模板列后面列出名单中可能对应的列（按列名和内容推测），请确认或改选后按“确认”，页面就按对应的列检查。这台电脑会记住这个对应关系，下次表头相同的名单会自动对应。',
      '载入官方空白模板后，列名必须和模板一模一样（系统按模板的表头导入）：导出的校正文件会把列名改成模板的写法；列的顺序不同或中间多了列，需要在 Excel 里调整。',
    ],
  },
  {
    title: '从 U 盘打开',
    paragraphs: ['整个页面就是一个文件“roster-check.html”，不需要安装，也不需要联网。'],
    items: [
      '把 U 盘里的“roster-check.html”复制到电脑桌面（直接在 U 盘里打开也可以）。',
      '在文件上点右键，选“打开方式”，选 Chrome、Edge 或 360 极速浏览器。',
      '页面打开后，点“选择学员通讯录文件”，选要检查的名单。',
    ],
  },
  {
    title: '能用哪些浏览器',
    paragraphs: [
      '较新的 Chrome、Edge、360 极速浏览器，以及其他用同样内核的浏览器（如 QQ 浏览器的极速模式）。',
      '360、QQ 等浏览器的“兼容模式”用的是老的 IE 内核，页面打不开：请点地址栏右侧的闪电或“e”图标，切换到“极速模式”。',
    ],
  },
  {
    title: '隐私',
    paragraphs: [
      '文件只在您的电脑上处理，不会上传到任何地方，页面也不会连接网络。',
      '为防止误关页面丢失工作，名单和修改会保存在这台电脑的浏览器里。在公用电脑上用完后，请按页面底部的“清除本机保存的数据”；不想保存，可以勾选“不在本机保存”。',
      '导出或打印报告时，可以勾选“隐去部分身份证号和手机号”。',
    ],
  },
];

/** docs/使用说明.md: the same text as the page's 帮助 panel. */
export function helpMarkdown(): string {
  const out = ['# 学员通讯录校验：使用说明', '', '（本文与页面上的“帮助”内容相同，由同一份文字生成。）', ''];
  for (const s of HELP) {
    out.push(`## ${s.title}`, '');
    for (const p of s.paragraphs) out.push(p, '');
    if (s.items) {
      for (const i of s.items) out.push(`- ${i}`);
      out.push('');
    }
  }
  return out.join('\n');
}
