import { nativeOfficeRun, type NativeOfficeOp, type NativeOfficeValue } from '../../bindings/index.js';

/*
 * The office seam's transport (docs/OFFICE.md): batches of object-bridge ops to the addon's office service.
 * lib/office speaks only this interface, so its COM logic also runs against a test double of an object model.
 */

export type OfficeValue = NativeOfficeValue;
export type OfficeOp = NativeOfficeOp;

/** Where ops go: the addon's office service, or a double. */
export interface OfficeTransport {
  run(ops: OfficeOp[], timeoutMs: number): Promise<OfficeValue[]>;
}

export const nativeOfficeTransport: OfficeTransport = {
  run: (ops, timeoutMs) => nativeOfficeRun({ ops, timeoutMs }),
};
