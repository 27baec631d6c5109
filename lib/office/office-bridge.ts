import { LambError } from '../model/errors.js';
import type { OfficeOp, OfficeTransport, OfficeValue } from '../platform/office-transport.js';

export type { OfficeOp, OfficeTransport, OfficeValue } from '../platform/office-transport.js';

/*
 * The TS side of the office seam (docs/OFFICE.md): live suite objects as OfficeObject proxies, every member
 * access one op, and Batch to send many ops in one hop to the office thread. The transport is the native
 * addon's (lib/platform/office-transport.ts), or a test double of an object model (the COM suites' logic is
 * tested against one: no Microsoft Office runs here).
 */

export function isHandle(value: unknown): value is { $handle: number } {
  return typeof value === 'object' && value !== null && typeof (value as { $handle?: unknown }).$handle === 'number';
}

/** A UNO struct value ({$struct}). */
export function unoStruct(type: string, fields: Record<string, OfficeValue>): OfficeValue {
  return { $struct: type, fields };
}
/** UNO's PropertyValue sequence, the argument of loadComponentFromURL / storeToURL. */
export function unoProps(props: Record<string, OfficeValue>): OfficeValue[] {
  return Object.entries(props).map(([Name, Value]) => unoStruct('com.sun.star.beans.PropertyValue', { Name, Value }));
}
export function unoEnum(type: string, value: string): OfficeValue {
  return { $enum: type, value };
}
/** A scalar of an exact type where the declared type is any (UNO "short", COM "i4", ...). */
export function typed(type: string, value: OfficeValue): OfficeValue {
  return { $type: type, value };
}
/** COM: an omitted optional argument. */
export const MISSING: OfficeValue = { $type: 'missing', value: null };

/** The connection all proxies of one suite session share, with the session's call budget. */
export class OfficeConnection {
  constructor(
    readonly transport: OfficeTransport,
    /** Budget of one batch (ms). */
    public timeoutMs: number,
  ) {}

  async run(ops: OfficeOp[]): Promise<OfficeValue[]> {
    return this.transport.run(ops, this.timeoutMs);
  }

  /** One op, its one result. */
  async one(op: OfficeOp): Promise<OfficeValue> {
    const [v] = await this.run([op]);
    return v ?? null;
  }

  async connect(target: string, mode?: 'active' | 'create' | 'any'): Promise<OfficeObject> {
    return this.wrap(await this.one({ op: 'connect', target, ...(mode ? { mode } : {}) }), `connect ${target}`);
  }

  /** A value that must be an object: its proxy, or INVALID_OPERATION naming what was expected. */
  wrap(value: OfficeValue, what: string): OfficeObject {
    if (!isHandle(value)) throw new LambError('INVALID_OPERATION', `office (lam-bridge): ${what} returned ${JSON.stringify(value)}, not an object`);
    return new OfficeObject(this, value.$handle);
  }

  batch(): Batch {
    return new Batch(this);
  }
}

/** A live suite object. Members are called by the suite's own names (UNO's getText, COM's Paragraphs). */
export class OfficeObject {
  constructor(
    readonly connection: OfficeConnection,
    readonly handle: number,
  ) {}

  get ref(): { $handle: number } {
    return { $handle: this.handle };
  }

  async get(name: string, ...args: OfficeValue[]): Promise<OfficeValue> {
    return this.connection.one({ op: 'get', target: this.ref, name, ...(args.length ? { args } : {}) });
  }
  async set(name: string, value: OfficeValue): Promise<void> {
    await this.connection.run([{ op: 'set', target: this.ref, name, value }]);
  }
  async call(name: string, ...args: OfficeValue[]): Promise<OfficeValue> {
    return this.connection.one({ op: 'call', target: this.ref, name, args });
  }
  async callNamed(name: string, args: OfficeValue[], named: Record<string, OfficeValue>): Promise<OfficeValue> {
    return this.connection.one({ op: 'call', target: this.ref, name, args, named });
  }
  /** A member that returns an object. */
  async obj(name: string, ...args: OfficeValue[]): Promise<OfficeObject> {
    return this.connection.wrap(await this.call(name, ...args), name);
  }
  /** A property that is an object (COM: Documents, ActiveDocument; UNO attributes). */
  async prop(name: string, ...args: OfficeValue[]): Promise<OfficeObject> {
    return this.connection.wrap(await this.get(name, ...args), name);
  }
  async release(): Promise<void> {
    await this.connection.run([{ op: 'release', target: this.ref }]);
  }
}

/**
 * Ops collected and sent in one hop. Each add returns the op's index; `ref(i)` names its result in a later
 * op of the same batch, so a chain (doc.getText().createTextCursor()) costs one hop.
 */
export class Batch {
  private readonly ops: OfficeOp[] = [];
  constructor(readonly connection: OfficeConnection) {}

  static ref(index: number): { $ref: number } {
    return { $ref: index };
  }
  get size(): number {
    return this.ops.length;
  }
  get(target: OfficeObject | { $ref: number }, name: string, ...args: OfficeValue[]): number {
    return this.push({ op: 'get', target: targetOf(target), name, ...(args.length ? { args } : {}) });
  }
  set(target: OfficeObject | { $ref: number }, name: string, value: OfficeValue): number {
    return this.push({ op: 'set', target: targetOf(target), name, value });
  }
  call(target: OfficeObject | { $ref: number }, name: string, ...args: OfficeValue[]): number {
    return this.push({ op: 'call', target: targetOf(target), name, args });
  }
  release(target: OfficeObject | { $ref: number }): number {
    return this.push({ op: 'release', target: targetOf(target) });
  }
  async run(): Promise<OfficeValue[]> {
    if (this.ops.length === 0) return [];
    return this.connection.run(this.ops.splice(0));
  }

  private push(op: OfficeOp): number {
    this.ops.push(op);
    return this.ops.length - 1;
  }
}

function targetOf(target: OfficeObject | { $ref: number }): { $handle: number } | { $ref: number } {
  return target instanceof OfficeObject ? target.ref : target;
}
