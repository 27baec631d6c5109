/*
 * Formulas between Excel's syntax (what models write and what the functions speak) and the syntax Calc's
 * XCell.setFormula / getFormula use (the API grammar, measured on LibreOffice 7.4): function arguments are
 * separated by ";" ("=SUM(A1,A2)" is Err:508 there, "=IF(A1>0,1,2)" #NAME?), inline arrays are {1;2|3;4} for
 * Excel's {1,2;3,4}, and another sheet's cell is $Sheet2.A1 for Excel's Sheet2!A1. Text in double quotes is
 * left alone both ways. Function names are the same English names in both.
 */

function mapOutsideQuotes(f: string, map: (segment: string, inArray: () => boolean, setArray: (v: boolean) => void) => string): string {
  let out = '';
  let inArray = false;
  // Split on string literals ("..." with "" as an escaped quote): even parts are formula, odd parts text.
  const parts = f.split(/("(?:[^"]|"")*")/);
  parts.forEach((part, i) => {
    out += i % 2 === 1 ? part : map(part, () => inArray, (v) => (inArray = v));
  });
  return out;
}

const EXCEL_SHEET_REF = /('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_]*)!(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)/g;
const CALC_SHEET_REF = /\$?('(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_]*)\.(\$?[A-Za-z]{1,3}\$?\d+)(?::\$?(?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_]*)\.(\$?[A-Za-z]{1,3}\$?\d+))?/g;

/** Excel syntax -> Calc's API grammar. */
export function toCalcFormula(f: string): string {
  if (!f.startsWith('=')) return f;
  return mapOutsideQuotes(f, (seg, inArray, setArray) => {
    let s = '';
    for (const ch of seg.replace(EXCEL_SHEET_REF, (_m, sheet: string, ref: string) => `$${sheet}.${ref}`)) {
      if (ch === '{') setArray(true);
      if (ch === '}') setArray(false);
      s += ch === ',' ? ';' : ch === ';' && inArray() ? '|' : ch;
    }
    return s;
  });
}

/** Calc's API grammar -> Excel syntax. */
export function toExcelFormula(f: string): string {
  if (!f.startsWith('=')) return f;
  return mapOutsideQuotes(f, (seg, inArray, setArray) => {
    let s = '';
    const refs = seg.replace(CALC_SHEET_REF, (_m, sheet: string, a: string, b?: string) => `${sheet}!${a}${b ? `:${b}` : ''}`);
    for (const ch of refs) {
      if (ch === '{') setArray(true);
      if (ch === '}') setArray(false);
      s += ch === ';' ? ',' : ch === '|' && inArray() ? ';' : ch;
    }
    return s;
  });
}
