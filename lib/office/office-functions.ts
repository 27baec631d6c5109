import type { OfficeApp } from '../model/office.js';
import type { AnyOfficeFunction } from './office-function.js';
import { EXCEL_FUNCTIONS } from './excel/index.js';
import { POWERPOINT_FUNCTIONS } from './powerpoint/index.js';
import { WORD_FUNCTIONS } from './word/index.js';

/** Every Office function, by app and name. */
export const OFFICE_FUNCTIONS: Readonly<Record<OfficeApp, readonly AnyOfficeFunction[]>> = {
  word: WORD_FUNCTIONS,
  excel: EXCEL_FUNCTIONS,
  powerpoint: POWERPOINT_FUNCTIONS,
};

export function officeFunction(app: OfficeApp, name: string): AnyOfficeFunction | undefined {
  return OFFICE_FUNCTIONS[app].find((f) => f.name === name);
}
