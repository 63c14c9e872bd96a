// SheetJS's ESM build decodes legacy 8-bit text (BIFF2–5 .xls, i.e. Excel 95 and older) only
// through a code-page table installed at run time; without one, a file in code page 936 (GBK, the
// Chinese Windows default) reads as mojibake and its header is never found. Importing this module
// installs the full table (cpexcel: every code page Excel writes) once, for every SheetJS read in
// this bundle, the worker's included. https://docs.sheetjs.com/docs/api/utilities/#codepage
import * as XLSX from 'xlsx';
import * as cptable from 'xlsx/dist/cpexcel.full.mjs';

XLSX.set_cptable(cptable);
