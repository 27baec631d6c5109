import type { AnyOfficeFunction } from '../office-function.js';
import { addSlide } from './add-slide.js';
import { saveAs } from './save-as.js';
import { setBackgroundColor } from './set-background-color.js';
import { setText } from './set-text.js';

/** The powerpoint functions (docs/OFFICE.md), each carried out through UNO or COM by the document's suite. */
export const POWERPOINT_FUNCTIONS: readonly AnyOfficeFunction[] = [setBackgroundColor, saveAs, addSlide, setText];
