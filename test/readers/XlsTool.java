// The readers upload systems use, run by the tests on every .xls we write, and the writer of the
// fixtures no project code made. One JVM for a whole test file (startup is seconds):
//
//   java -cp JARS XlsTool.java read FILE...        one JSON line per file: {"file", "poi", "jxl"}
//   java -cp JARS XlsTool.java roster OUT.xls TSV  a roster written by Apache POI HSSF (see below)
//
// "roster" writes the rows of TSV (one line a row, cells separated by tabs; a cell "#123" is
// stored as the number 123, "=A1&B1" as a formula with its value, "~" as an empty formatted cell) under a merged title, as an official template is: bold header with a
// fill, the ID column formatted as text, drop-down lists inline (性别) and from a hidden 字典 sheet
// (职称 by range, 学历 by a defined name), a frozen header, landscape A4 print setup and a
// comment on the header's 证件号码. With no data rows it is the blank template. A fourth argument
// lists options, comma-separated: "extras" (what the row deletion tests move, see below),
// "protect" (the sheet protected).
import java.io.*;
import java.nio.charset.StandardCharsets;
import java.nio.file.*;
import java.util.*;
import org.apache.poi.hssf.usermodel.*;
import org.apache.poi.ss.usermodel.*;
import org.apache.poi.ss.util.*;

public class XlsTool {
  static String q(Object o) {
    if (o == null) return "null";
    if (o instanceof Number || o instanceof Boolean) return o.toString();
    String s = o.toString();
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') b.append('\\').append(c);
      else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
      else b.append(c);
    }
    return b.append('"').toString();
  }

  static String obj(Map<String, Object> m) {
    StringBuilder b = new StringBuilder("{");
    for (Map.Entry<String, Object> e : m.entrySet()) {
      if (b.length() > 1) b.append(',');
      b.append(q(e.getKey())).append(':').append(json(e.getValue()));
    }
    return b.append('}').toString();
  }

  @SuppressWarnings("unchecked")
  static String json(Object v) {
    if (v instanceof Map) return obj((Map<String, Object>) v);
    if (v instanceof List) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : (List<Object>) v) {
        if (b.length() > 1) b.append(',');
        b.append(json(o));
      }
      return b.append(']').toString();
    }
    return q(v);
  }

  static String err(Throwable t) {
    return t.getClass().getSimpleName() + ": " + t.getMessage();
  }

  // ---- Apache POI HSSF ----
  static Map<String, Object> poi(File f) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    try (HSSFWorkbook wb = new HSSFWorkbook(new FileInputStream(f))) {
      DataFormatter fmt = new DataFormatter(Locale.ROOT);
      List<Object> sheets = new ArrayList<>();
      for (int i = 0; i < wb.getNumberOfSheets(); i++) {
        HSSFSheet s = wb.getSheetAt(i);
        Map<String, Object> sh = new LinkedHashMap<>();
        sh.put("name", s.getSheetName());
        sh.put("hidden", wb.isSheetHidden(i));
        List<Object> cells = new ArrayList<>();
        for (Row row : s) {
          for (Cell cell : row) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("r", cell.getRowIndex());
            c.put("c", cell.getColumnIndex());
            c.put("type", cell.getCellType().name());
            if (cell.getCellType() == CellType.STRING) c.put("text", cell.getStringCellValue());
            else c.put("text", fmt.formatCellValue(cell));
            HSSFCellStyle st = (HSSFCellStyle) cell.getCellStyle();
            HSSFFont font = st.getFont(wb);
            c.put("format", st.getDataFormatString());
            c.put("font", font.getFontName() + (font.getBold() ? " bold" : "") + " " + font.getFontHeightInPoints());
            c.put("fill", (int) st.getFillForegroundColor() + "/" + st.getFillPattern().name());
            cells.add(c);
          }
        }
        sh.put("cells", cells);
        List<Object> heights = new ArrayList<>();
        for (Row row : s) heights.add(row.getRowNum() + ":" + row.getHeight());
        sh.put("rowHeights", heights);
        List<Object> widths = new ArrayList<>();
        for (int c = 0; c < 16; c++) widths.add(s.getColumnWidth(c));
        sh.put("widths", widths);
        List<Object> merges = new ArrayList<>();
        for (CellRangeAddress m : s.getMergedRegions()) merges.add(m.formatAsString());
        sh.put("merges", merges);
        List<Object> dvs = new ArrayList<>();
        for (HSSFDataValidation dv : s.getDataValidations()) {
          StringBuilder ranges = new StringBuilder();
          for (CellRangeAddress a : dv.getRegions().getCellRangeAddresses()) ranges.append(a.formatAsString()).append(' ');
          DataValidationConstraint k = dv.getValidationConstraint();
          String list = k.getExplicitListValues() != null ? String.join(",", k.getExplicitListValues()) : k.getFormula1();
          dvs.add(ranges.toString().trim() + " " + list);
        }
        sh.put("validations", dvs);
        org.apache.poi.ss.util.PaneInformation pane = s.getPaneInformation();
        sh.put("pane", pane == null ? null : (pane.isFreezePane() ? "freeze " : "split ") + pane.getHorizontalSplitTopRow() + "," + pane.getVerticalSplitLeftColumn());
        HSSFPrintSetup ps = s.getPrintSetup();
        sh.put("print", (ps.getLandscape() ? "landscape" : "portrait") + " paper " + ps.getPaperSize() + " fit " + ps.getFitWidth() + "x" + ps.getFitHeight() + " fitToPage " + s.getFitToPage());
        List<Object> comments = new ArrayList<>();
        for (Map.Entry<CellAddress, HSSFComment> e : new TreeMap<>(s.getCellComments()).entrySet()) {
          comments.add(e.getKey().formatAsString() + " " + e.getValue().getString().getString());
        }
        sh.put("comments", comments);
        List<Object> cfs = new ArrayList<>();
        HSSFSheetConditionalFormatting scf = s.getSheetConditionalFormatting();
        for (int k = 0; k < scf.getNumConditionalFormattings(); k++) {
          StringBuilder ranges = new StringBuilder();
          for (CellRangeAddress a : scf.getConditionalFormattingAt(k).getFormattingRanges()) ranges.append(a.formatAsString()).append(' ');
          cfs.add(ranges.toString().trim());
        }
        sh.put("conditional", cfs);
        List<Object> links = new ArrayList<>();
        for (HSSFHyperlink l : s.getHyperlinkList()) links.add(new CellAddress(l.getFirstRow(), l.getFirstColumn()).formatAsString() + " " + l.getAddress());
        Collections.sort((List) links);
        sh.put("links", links);
        List<Object> breaks = new ArrayList<>();
        for (int b : s.getRowBreaks()) breaks.add(b);
        sh.put("breaks", breaks);
        List<Object> pictures = new ArrayList<>();
        HSSFPatriarch pat = s.getDrawingPatriarch();
        if (pat != null) for (HSSFShape sp : pat.getChildren()) {
          if (sp instanceof HSSFPicture) {
            HSSFClientAnchor a = (HSSFClientAnchor) sp.getAnchor();
            pictures.add("rows " + a.getRow1() + "-" + a.getRow2() + " cols " + a.getCol1() + "-" + a.getCol2());
          }
        }
        sh.put("pictures", pictures);
        sh.put("protected", s.getProtect());
        sheets.add(sh);
      }
      out.put("sheets", sheets);
      List<Object> names = new ArrayList<>();
      for (Name n : wb.getAllNames()) names.add(n.getNameName() + "=" + n.getRefersToFormula());
      out.put("names", names);
    }
    return out;
  }

  // ---- jxl (JExcelApi) ----
  static Map<String, Object> jxl(File f) throws Exception {
    Map<String, Object> out = new LinkedHashMap<>();
    jxl.WorkbookSettings ws = new jxl.WorkbookSettings();
    ws.setSuppressWarnings(true);
    jxl.Workbook wb = jxl.Workbook.getWorkbook(f, ws);
    try {
      List<Object> sheets = new ArrayList<>();
      for (jxl.Sheet s : wb.getSheets()) {
        Map<String, Object> sh = new LinkedHashMap<>();
        sh.put("name", s.getName());
        s.getRows(); // jxl reads a sheet on first use; its settings are null before
        sh.put("hidden", s.getSettings().isHidden());
        List<Object> cells = new ArrayList<>();
        List<Object> dvs = new ArrayList<>();
        List<Object> comments = new ArrayList<>();
        for (int r = 0; r < s.getRows(); r++) {
          for (jxl.Cell cell : s.getRow(r)) {
            jxl.CellFeatures feat = cell.getCellFeatures();
            if (feat != null && feat.getComment() != null) comments.add(jxl.CellReferenceHelper.getCellReference(cell.getColumn(), cell.getRow()) + " " + feat.getComment());
            if (feat != null && feat.getDataValidationList() != null) dvs.add(jxl.CellReferenceHelper.getCellReference(cell.getColumn(), cell.getRow()) + " " + feat.getDataValidationList());
            if (cell.getType() == jxl.CellType.EMPTY) continue;
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("r", cell.getRow());
            c.put("c", cell.getColumn());
            c.put("type", cell.getType().toString());
            c.put("text", cell instanceof jxl.LabelCell ? ((jxl.LabelCell) cell).getString() : cell.getContents());
            jxl.format.CellFormat cf = cell.getCellFormat();
            if (cf != null) {
              c.put("format", cf.getFormat().getFormatString());
              c.put("font", cf.getFont().getName() + (cf.getFont().getBoldWeight() > 400 ? " bold" : "") + " " + cf.getFont().getPointSize());
            }
            cells.add(c);
          }
        }
        sh.put("cells", cells);
        List<Object> merges = new ArrayList<>();
        for (jxl.Range m : s.getMergedCells()) {
          merges.add(jxl.CellReferenceHelper.getCellReference(m.getTopLeft().getColumn(), m.getTopLeft().getRow()) + ":" + jxl.CellReferenceHelper.getCellReference(m.getBottomRight().getColumn(), m.getBottomRight().getRow()));
        }
        sh.put("merges", merges);
        sh.put("validations", dvs);
        jxl.SheetSettings st = s.getSettings();
        sh.put("pane", "freeze " + st.getVerticalFreeze() + "," + st.getHorizontalFreeze());
        sh.put("print", (st.getOrientation() == jxl.format.PageOrientation.LANDSCAPE ? "landscape" : "portrait") + " paper " + st.getPaperSize().getValue());
        sh.put("comments", comments);
        List<Object> links = new ArrayList<>();
        for (jxl.Hyperlink l : s.getHyperlinks()) links.add(jxl.CellReferenceHelper.getCellReference(l.getColumn(), l.getRow()) + " " + (l.isURL() ? l.getURL().toString() : ""));
        Collections.sort((List) links);
        sh.put("links", links);
        List<Object> breaks = new ArrayList<>();
        int[] rowBreaks = s.getRowPageBreaks();
        if (rowBreaks != null) for (int b : rowBreaks) breaks.add(b);
        sh.put("breaks", breaks);
        sheets.add(sh);
      }
      out.put("sheets", sheets);
    } finally {
      wb.close();
    }
    return out;
  }

  // ---- the POI-written roster ----
  static void roster(String outPath, String tsvPath, Set<String> opts) throws Exception {
    boolean extras = opts.contains("extras");
    List<String> lines = Files.readAllLines(Paths.get(tsvPath), StandardCharsets.UTF_8);
    HSSFWorkbook wb = new HSSFWorkbook();
    HSSFSheet s = wb.createSheet("学员通讯录");
    HSSFSheet dict = wb.createSheet("字典");
    String[] titles = {"主任医师", "副主任医师", "主治医师", "医师", "主管护师", "护师", "主管药师", "主管技师", "副主任护师"};
    String[] edu = {"博士研究生", "硕士研究生", "大学本科", "大学专科"};
    for (int i = 0; i < titles.length; i++) dict.createRow(i).createCell(0).setCellValue(titles[i]);
    for (int i = 0; i < edu.length; i++) dict.getRow(i).createCell(1).setCellValue(edu[i]);
    wb.setSheetHidden(1, true);
    Name n = wb.createName();
    n.setNameName("学历");
    n.setRefersToFormula("字典!$B$1:$B$4");

    HSSFFont bold = wb.createFont();
    bold.setBold(true);
    bold.setFontName("宋体");
    bold.setFontHeightInPoints((short) 12);
    HSSFCellStyle head = wb.createCellStyle();
    head.setFont(bold);
    head.setFillForegroundColor(IndexedColors.LIGHT_YELLOW.getIndex());
    head.setFillPattern(FillPatternType.SOLID_FOREGROUND);
    head.setBorderBottom(BorderStyle.THIN);
    HSSFCellStyle title = wb.createCellStyle();
    HSSFFont big = wb.createFont();
    big.setBold(true);
    big.setFontHeightInPoints((short) 16);
    title.setFont(big);
    title.setAlignment(HorizontalAlignment.CENTER);
    HSSFCellStyle text = wb.createCellStyle();
    text.setDataFormat(wb.createDataFormat().getFormat("@"));
    HSSFCellStyle plain = wb.createCellStyle();
    HSSFFont song = wb.createFont();
    song.setFontName("宋体");
    song.setFontHeightInPoints((short) 11);
    plain.setFont(song);

    String[] header = lines.get(0).split("\t", -1);
    HSSFRow t = s.createRow(0);
    t.setHeightInPoints(24);
    HSSFCell tc = t.createCell(0);
    tc.setCellValue("2026年继续医学教育项目学员通讯录");
    tc.setCellStyle(title);
    s.addMergedRegion(new CellRangeAddress(0, 0, 0, header.length - 1));
    HSSFRow h = s.createRow(1);
    int idCol = -1;
    for (int c = 0; c < header.length; c++) {
      HSSFCell cell = h.createCell(c);
      cell.setCellValue(header[c]);
      cell.setCellStyle(head);
      if (header[c].equals("证件号码")) idCol = c;
      s.setColumnWidth(c, header[c].equals("工作单位") ? 30 * 256 : 14 * 256);
    }
    for (int r = 1; r < lines.size(); r++) {
      String[] v = lines.get(r).split("\t", -1);
      HSSFRow row = s.createRow(r + 1);
      for (int c = 0; c < v.length; c++) {
        if (v[c].isEmpty()) continue;
        HSSFCell cell = row.createCell(c);
        if (v[c].startsWith("#")) cell.setCellValue(Double.parseDouble(v[c].substring(1)));
        else if (v[c].startsWith("=")) cell.setCellFormula(v[c].substring(1));
        else if (!v[c].equals("~")) cell.setCellValue(v[c]);
        cell.setCellStyle(c == idCol && !v[c].startsWith("#") ? text : plain);
      }
    }
    int last = Math.max(lines.size() + 200, 500);
    HSSFDataValidationHelper dvh = new HSSFDataValidationHelper(s);
    String[] list = {"性别", "职称", "学历"};
    for (int c = 0; c < header.length; c++) {
      DataValidationConstraint k = null;
      if (header[c].equals("性别")) k = dvh.createExplicitListConstraint(new String[] {"男", "女"});
      else if (header[c].equals("职称")) k = dvh.createFormulaListConstraint("字典!$A$1:$A$9");
      else if (header[c].equals("学历")) k = dvh.createFormulaListConstraint("学历");
      if (k != null) s.addValidationData(dvh.createValidation(k, new CellRangeAddressList(2, last, c, c)));
    }
    wb.getCreationHelper().createFormulaEvaluator().evaluateAll();
    s.createFreezePane(0, 2);
    HSSFPrintSetup ps = s.getPrintSetup();
    ps.setLandscape(true);
    ps.setPaperSize(HSSFPrintSetup.A4_PAPERSIZE);
    ps.setFitWidth((short) 1);
    ps.setFitHeight((short) 0);
    s.setFitToPage(true);
    if (idCol >= 0) {
      HSSFPatriarch p = s.createDrawingPatriarch();
      HSSFComment cm = p.createCellComment(new HSSFClientAnchor(0, 0, 0, 0, (short) (idCol + 1), 1, (short) (idCol + 3), 4));
      cm.setString(new HSSFRichTextString("请填写18位身份证号"));
      cm.setAuthor("教育处");
      h.getCell(idCol).setCellComment(cm);
    }
    if (extras) {
      // What names rows below the data's start, for the row deletion tests: a comment on a data
      // cell, a merge, conditional formats (one over the data, one on one row), a hyperlink, a
      // defined name over the data, an autofilter (its _FilterDatabase name) and a page break.
      int lastRow = lines.size();
      HSSFPatriarch p = s.createDrawingPatriarch();
      HSSFComment cm = p.createCellComment(new HSSFClientAnchor(0, 0, 0, 0, (short) 3, 20, (short) 5, 23));
      cm.setString(new HSSFRichTextString("核对单位名称"));
      cm.setAuthor("教育处");
      s.getRow(20).getCell(1).setCellComment(cm);
      s.addMergedRegion(new CellRangeAddress(30, 31, header.length, header.length + 1));
      HSSFSheetConditionalFormatting scf = s.getSheetConditionalFormatting();
      HSSFConditionalFormattingRule rule = scf.createConditionalFormattingRule(ComparisonOperator.EQUAL, "\"男\"");
      rule.createFontFormatting().setFontColorIndex(IndexedColors.RED.getIndex());
      scf.addConditionalFormatting(new CellRangeAddress[] {new CellRangeAddress(2, lastRow, 2, 2)}, rule);
      scf.addConditionalFormatting(new CellRangeAddress[] {new CellRangeAddress(25, 25, 0, header.length - 1)}, rule);
      HSSFHyperlink link = wb.getCreationHelper().createHyperlink(org.apache.poi.common.usermodel.HyperlinkType.URL);
      link.setAddress("http://www.example.org/");
      s.getRow(25).getCell(1).setHyperlink(link);
      Name area = wb.createName();
      area.setNameName("名单区域");
      area.setRefersToFormula("学员通讯录!$A$3:$M$" + lastRow);
      s.setAutoFilter(new CellRangeAddress(1, lastRow, 0, header.length - 1));
      s.setRowBreak(29);
      // A picture (a 1×1 PNG) over rows 36–38, beside the data.
      byte[] png = Base64.getDecoder().decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");
      int pic = wb.addPicture(png, Workbook.PICTURE_TYPE_PNG);
      p.createPicture(new HSSFClientAnchor(0, 0, 0, 0, (short) (header.length + 1), 35, (short) (header.length + 3), 37), pic);
    }
    // A protected sheet (PROTECT and PASSWORD records; not encrypted), as some official templates are.
    if (opts.contains("protect")) s.protectSheet("cme");
    try (OutputStream o = new FileOutputStream(outPath)) {
      wb.write(o);
    }
  }

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, "UTF-8");
    if (args[0].equals("roster")) {
      roster(args[1], args[2], args.length > 3 ? new HashSet<>(Arrays.asList(args[3].split(","))) : Collections.emptySet());
      return;
    }
    for (int i = 1; i < args.length; i++) {
      File f = new File(args[i]);
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("file", args[i]);
      try {
        line.put("poi", poi(f));
      } catch (Throwable t) {
        line.put("poi", Collections.singletonMap("error", err(t)));
      }
      try {
        line.put("jxl", jxl(f));
      } catch (Throwable t) {
        line.put("jxl", Collections.singletonMap("error", err(t)));
      }
      out.println(obj(line));
    }
  }
}
