// A roster workbook written by hand, part by part, the way Excel saves one (not by SheetJS and not
// by our own writer): a styled template with a merged title, a frozen header, column widths,
// drop-down lists (inline and from a hidden sheet), conditional formatting, page setup with a
// footer, fonts, fills and borders, a comment, formulas with a calculation chain, a defined name
// and a hidden sheet. 60 attendees, with three fixable slips (职称 副主任医生, 省份 河北, 证件类型
// 身份证) and one 18-digit ID stored as a number. Used by test/io/export.test.ts.
// Usage: node scripts/make-template.mjs [out.xlsx]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HEADER, makeRows } from './synth.mjs';
import { enc, zipFile } from './zip.mjs';

/** Where the slips and the number ID are (Excel rows, column letters) and what they hold. */
export const TEMPLATE_SLIPS = [
  { ref: 'I5', from: '副主任医生', to: '副主任医师' },
  { ref: 'G8', from: '河北', to: '河北省' },
  { ref: 'D10', from: '身份证', to: '居民身份证' },
];
export const TEMPLATE_NUMBER_ID = { ref: 'E12', v: '1.1010119900307E+17' };
export const TEMPLATE_SHEET = 'xl/worksheets/sheet1.xml';

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const col = (c) => String.fromCharCode(65 + c);
const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n';
const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const R = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PR = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts, in the order Excel writes them. */
export function templateParts() {
  const strings = [];
  const index = new Map();
  const sst = (s) => {
    if (!index.has(s)) {
      index.set(s, strings.length);
      strings.push(s);
    }
    return index.get(s);
  };
  const rows = makeRows(60, 42);
  const slip = new Map(TEMPLATE_SLIPS.map((s) => [s.ref, s.from]));

  // Styles: 0 default; 1 title (bold 16 pt 黑体, centred); 2 header (bold, fill, border, wrap);
  // 3 data (border); 4 text data (border, number format @); 5 number data (border, format 0).
  const sheetRows = [];
  sheetRows.push(`<row r="1" spans="1:13" ht="30" customHeight="1"><c r="A1" s="1" t="s"><v>${sst('2026年国家级继续医学教育项目学员通讯录')}</v></c>${Array.from({ length: 12 }, (_, c) => `<c r="${col(c + 1)}1" s="1"/>`).join('')}</row>`);
  sheetRows.push(`<row r="2" spans="1:13" ht="28.5" customHeight="1">${HEADER.map((h, c) => `<c r="${col(c)}2" s="2" t="s"><v>${sst(h)}</v></c>`).join('')}</row>`);
  rows.forEach((row, i) => {
    const r = i + 3;
    const cells = row.map((v, c) => {
      const ref = `${col(c)}${r}`;
      if (c === 0) return `<c r="${ref}" s="3"><f>ROW()-2</f><v>${i + 1}</v></c>`;
      if (ref === TEMPLATE_NUMBER_ID.ref) return `<c r="${ref}" s="5"><v>${TEMPLATE_NUMBER_ID.v}</v></c>`;
      const text = slip.get(ref) ?? v;
      return `<c r="${ref}" s="${c === 4 || c === 11 ? 4 : 3}" t="s"><v>${sst(text)}</v></c>`;
    });
    sheetRows.push(`<row r="${r}" spans="1:13">${cells.join('')}</row>`);
  });
  const last = rows.length + 2;

  const sheet1 =
    XML +
    `<worksheet xmlns="${MAIN}" xmlns:r="${R}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
    `<sheetPr><tabColor rgb="FF00B050"/><pageSetUpPr fitToPage="1"/></sheetPr>` +
    `<dimension ref="A1:M${last}"/>` +
    `<sheetViews><sheetView tabSelected="1" zoomScale="90" zoomScaleNormal="90" workbookViewId="0"><pane ySplit="2" topLeftCell="A3" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="B3" sqref="B3"/></sheetView></sheetViews>` +
    `<sheetFormatPr defaultRowHeight="14.25" x14ac:dyDescent="0.2"/>` +
    `<cols><col min="1" max="1" width="6.625" style="3" customWidth="1"/><col min="2" max="4" width="10.625" customWidth="1"/><col min="5" max="5" width="21.625" style="4" customWidth="1"/><col min="6" max="6" width="30.625" customWidth="1"/><col min="7" max="11" width="13.625" customWidth="1"/><col min="12" max="12" width="14.625" style="4" customWidth="1"/><col min="13" max="13" width="24.625" customWidth="1"/></cols>` +
    `<sheetData>${sheetRows.join('')}</sheetData>` +
    `<sheetProtection formatCells="0" formatColumns="0" formatRows="0" insertRows="0" deleteRows="0" sort="0" autoFilter="0"/>` +
    `<autoFilter ref="A2:M${last}"/>` +
    `<mergeCells count="1"><mergeCell ref="A1:M1"/></mergeCells>` +
    `<conditionalFormatting sqref="E3:E1000"><cfRule type="duplicateValues" dxfId="0" priority="1"/></conditionalFormatting>` +
    `<dataValidations count="4">` +
    `<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" errorTitle="输入错误" error="请从下拉列表中选择" sqref="C3:C1000"><formula1>"男,女"</formula1></dataValidation>` +
    `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="D3:D1000"><formula1>"居民身份证,护照,其他"</formula1></dataValidation>` +
    `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="H3:H1000"><formula1>"是,否"</formula1></dataValidation>` +
    `<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="I3:I1000"><formula1>职称列表</formula1></dataValidation>` +
    `</dataValidations>` +
    `<printOptions horizontalCentered="1"/>` +
    `<pageMargins left="0.39" right="0.39" top="0.59" bottom="0.59" header="0.31" footer="0.31"/>` +
    `<pageSetup paperSize="9" scale="71" fitToHeight="0" orientation="landscape"/>` +
    `<headerFooter><oddFooter>&amp;C第 &amp;P 页，共 &amp;N 页</oddFooter></headerFooter>` +
    `<legacyDrawing r:id="rId1"/>` +
    `</worksheet>`;

  const titles = ['主任医师', '副主任医师', '主治医师', '医师', '主管护师', '护师', '主管药师', '主管技师', '副主任护师'];
  const sheet2 =
    XML +
    `<worksheet xmlns="${MAIN}" xmlns:r="${R}"><dimension ref="A1:A${titles.length}"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetFormatPr defaultRowHeight="14.25"/>` +
    `<sheetData>${titles.map((t, i) => `<row r="${i + 1}"><c r="A${i + 1}" t="s"><v>${sst(t)}</v></c></row>`).join('')}</sheetData>` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>`;

  const workbook =
    XML +
    `<workbook xmlns="${MAIN}" xmlns:r="${R}"><fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27328"/><workbookPr defaultThemeVersion="164011"/>` +
    `<bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>` +
    `<sheets><sheet name="学员名单" sheetId="1" r:id="rId1"/><sheet name="字典" sheetId="2" state="hidden" r:id="rId2"/></sheets>` +
    `<definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="0" hidden="1">学员名单!$A$2:$M$${last}</definedName><definedName name="_xlnm.Print_Titles" localSheetId="0">学员名单!$1:$2</definedName><definedName name="职称列表">字典!$A$1:$A$${titles.length}</definedName></definedNames>` +
    `<calcPr calcId="162913"/></workbook>`;

  const styles =
    XML +
    `<styleSheet xmlns="${MAIN}">` +
    `<numFmts count="1"><numFmt numFmtId="176" formatCode="0_ "/></numFmts>` +
    `<fonts count="3"><font><sz val="11"/><color theme="1"/><name val="等线"/><family val="2"/><charset val="134"/><scheme val="minor"/></font><font><b/><sz val="16"/><color rgb="FF1F4E79"/><name val="黑体"/><family val="3"/><charset val="134"/></font><font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>` +
    `<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FF2F75B5"/><bgColor indexed="64"/></patternFill></fill></fills>` +
    `<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right><top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"><alignment vertical="center"/></xf></cellStyleXfs>` +
    `<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"><alignment vertical="center"/></xf>` +
    `<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>` +
    `<xf numFmtId="0" fontId="2" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>` +
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
    `<xf numFmtId="49" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf>` +
    `<xf numFmtId="176" fontId="0" fillId="0" borderId="1" xfId="0" applyNumberFormat="1" applyBorder="1" applyAlignment="1"><alignment vertical="center"/></xf></cellXfs>` +
    `<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles>` +
    `<dxfs count="1"><dxf><font><color rgb="FF9C0006"/></font><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf></dxfs>` +
    `<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/></styleSheet>`;

  const comments =
    XML +
    `<comments xmlns="${MAIN}"><authors><author>继教办 王老师</author></authors><commentList><comment ref="E2" authorId="0"><text><r><rPr><b/><sz val="9"/><rFont val="宋体"/><charset val="134"/></rPr><t>继教办 王老师:</t></r><r><rPr><sz val="9"/><rFont val="宋体"/><charset val="134"/></rPr><t xml:space="preserve">\n请填写18位身份证号，末位X大写</t></r></text></comment></commentList></comments>`;
  const vml =
    `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel">` +
    `<o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout><v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"><v:stroke joinstyle="miter"/><v:path gradientshapeok="t" o:connecttype="rect"/></v:shapetype>` +
    `<v:shape id="_x0000_s1025" type="#_x0000_t202" style="position:absolute;margin-left:300pt;margin-top:10pt;width:150pt;height:50pt;z-index:1;visibility:hidden" fillcolor="#ffffe1" o:insetmode="auto"><v:fill color2="#ffffe1"/><v:shadow on="t" color="black" obscured="t"/><v:path o:connecttype="none"/><v:textbox style="mso-direction-alt:auto"><div style="text-align:left"></div></v:textbox><x:ClientData ObjectType="Note"><x:MoveWithCells/><x:SizeWithCells/><x:AutoFill>False</x:AutoFill><x:Row>1</x:Row><x:Column>4</x:Column></x:ClientData></v:shape></xml>`;

  const calcChain = XML + `<calcChain xmlns="${MAIN}">${rows.map((_, i) => `<c r="A${i + 3}" i="1"${i === 0 ? '' : ''}/>`).join('')}</calcChain>`;

  const sharedStrings = XML + `<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((s) => `<si><t>${esc(s)}</t></si>`).join('')}</sst>`;

  const contentTypes =
    XML +
    `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
    `<Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>` +
    `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
    `<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>` +
    `<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>` +
    `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
    `<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;
  const rootRels = XML + `<Relationships xmlns="${PR}"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`;
  const wbRels = XML + `<Relationships xmlns="${PR}"><Relationship Id="rId3" Type="${R}/styles" Target="styles.xml"/><Relationship Id="rId2" Type="${R}/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId5" Type="${R}/calcChain" Target="calcChain.xml"/><Relationship Id="rId4" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`;
  const sheetRels = XML + `<Relationships xmlns="${PR}"><Relationship Id="rId2" Type="${R}/comments" Target="../comments1.xml"/><Relationship Id="rId1" Type="${R}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/></Relationships>`;
  const core = XML + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:creator>继教办</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">2026-01-05T08:00:00Z</dcterms:created></cp:coreProperties>`;
  const app = XML + `<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Microsoft Excel</Application></Properties>`;

  return [
    ['[Content_Types].xml', contentTypes],
    ['_rels/.rels', rootRels],
    ['xl/workbook.xml', workbook],
    ['xl/_rels/workbook.xml.rels', wbRels],
    ['xl/worksheets/sheet1.xml', sheet1],
    ['xl/worksheets/sheet2.xml', sheet2],
    ['xl/worksheets/_rels/sheet1.xml.rels', sheetRels],
    ['xl/styles.xml', styles],
    ['xl/sharedStrings.xml', sharedStrings],
    ['xl/comments1.xml', comments],
    ['xl/drawings/vmlDrawing1.vml', vml],
    ['xl/calcChain.xml', calcChain],
    ['docProps/core.xml', core],
    ['docProps/app.xml', app],
  ].map(([name, text]) => ({ name, data: enc(text) }));
}

/** The template as an .xlsx file (deflated entries, deterministic). */
export function templateXlsx() {
  return zipFile(templateParts());
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = process.argv[2] ?? 'template-styled.xlsx';
  writeFileSync(out, templateXlsx());
  console.log(`wrote ${out}`);
}
