/** The public Office API (docs/OFFICE.md): sessions on a suite, documents, functions, and the runner. */
export { OfficeSession, type AttachOptions, type OfficeSessionOptions, type OpenOptions } from './office-session.js';
export { Soffice, type SofficeOptions } from './uno/soffice.js';
export { officeArgNames, runOfficeFunction, runOfficeSequence, runValidated, resolveOfficeFunction, validateOfficeArgs, type OfficeStep } from './office-runner.js';
export { OFFICE_FUNCTIONS, officeFunction } from './office-functions.js';
export { checkOfficeFile, officeExtensions } from './office-file.js';
export type { OpenDocument, OfficeOutcome, OfficeFunctionSpec, AnyOfficeFunction } from './office-function.js';
export { OfficeConnection, OfficeObject, Batch } from './office-bridge.js';
