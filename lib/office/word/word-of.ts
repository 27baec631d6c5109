import type { OpenDocument } from '../office-function.js';
import { WordComDocument } from './word-com.js';
import type { WordDocument } from './word-document.js';
import { WriterUnoDocument } from './writer-uno.js';

/** The document's Word interface in its own suite: Writer over UNO, Word over COM. */
export function wordDocument(document: OpenDocument): WordDocument {
  return document.suite === 'uno' ? new WriterUnoDocument(document) : new WordComDocument(document);
}
