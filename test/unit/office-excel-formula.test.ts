import { describe, expect, it } from 'vitest';
import { toCalcFormula, toExcelFormula } from '../../lib/office/excel/calc-formula.js';

/* Excel's formula syntax <-> Calc's API grammar (separators measured on LibreOffice 7.4: "," is Err:508 there). */

describe('formula syntax between Excel and Calc', () => {
  const pairs: [string, string][] = [
    ['=AVERAGE(B11:B13)', '=AVERAGE(B11:B13)'],
    ['=SUM(A1,A2)', '=SUM(A1;A2)'],
    ['=IF(A1>0,"a,b;c",2)', '=IF(A1>0;"a,b;c";2)'],
    ['=SUM({1,2;3,4})', '=SUM({1;2|3;4})'],
    ['=Sheet2!A1*2', '=$Sheet2.A1*2'],
    ["=SUM('My data'!B2:B4,1)", "=SUM($'My data'.B2:B4;1)"],
    ['=CONCATENATE("say ""hi"", ok",A1)', '=CONCATENATE("say ""hi"", ok";A1)'],
  ];
  it.each(pairs)('%s <-> %s', (excel, calc) => {
    expect(toCalcFormula(excel)).toBe(calc);
    expect(toExcelFormula(calc)).toBe(excel);
  });
  it('leaves constants alone', () => {
    expect(toCalcFormula('a,b')).toBe('a,b');
    expect(toExcelFormula('1;2')).toBe('1;2');
  });
});
