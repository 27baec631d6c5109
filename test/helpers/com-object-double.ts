import { LambError, type ErrorCode } from '../../lib/model/errors.js';
import type { OfficeOp, OfficeTransport, OfficeValue } from '../../lib/platform/office-transport.js';

/*
 * A test double of a COM automation server's object model, behind the same OfficeTransport the native COM
 * backend serves (docs/OFFICE.md). No Microsoft Office runs here, so lib/office's Word/Excel/PowerPoint logic is
 * tested against doubles of the object-model subset it uses, built on this engine: plain JS classes whose
 * members are the COM members, by the same names (Documents, Paragraphs, Range, Font.Bold ...).
 *
 * What the engine does as IDispatch would: get reads a property, or calls a function member with the op's args
 * (a parameterized property, Excel's Range("A1") / Cells(1, 2)); set assigns; call invokes a method (named
 * arguments arrive as a last argument { $named: {...} }); an object coming back becomes a handle, the same
 * object the same handle; an unknown member is INVALID_ARGUMENT (DISP_E_UNKNOWNNAME), and a double throws
 * ComDoubleError for what the real server raises (DISP_E_EXCEPTION and the rest). `log` records every member
 * access, so a test can say which COM members the logic used. Model objects are class instances (a plain
 * object literal comes back as data, like a COM record, not as an object).
 */

export class ComDoubleError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly hresult = '0x80020009',
  ) {
    super(message);
  }
}

export interface NamedArgs {
  $named: Record<string, unknown>;
}
export function isNamed(v: unknown): v is NamedArgs {
  return typeof v === 'object' && v !== null && '$named' in v;
}

type Obj = Record<string, unknown>;

export class ComDoubleTransport implements OfficeTransport {
  private nextHandle = 1;
  private readonly byHandle = new Map<number, Obj>();
  private readonly handles = new Map<Obj, number>();
  /** "get Documents", "call Add", "set Bold", ... in order. */
  readonly log: string[] = [];

  /** `servers`: ProgID -> the running server's Application object (connect returns it). */
  constructor(private readonly servers: Record<string, Obj>) {}

  async run(ops: OfficeOp[], _timeoutMs: number): Promise<OfficeValue[]> {
    const results: OfficeValue[] = [];
    for (const [i, op] of ops.entries()) {
      try {
        results.push(this.one(op, results));
      } catch (e) {
        const what = `op ${i} (${op.op} ${op.op === 'connect' ? op.target : 'name' in op ? op.name : ''})`;
        if (e instanceof ComDoubleError) throw new LambError(e.code, `officeRun (COM double): ${what}: ${e.message}`, { detail: e.hresult });
        if (e instanceof LambError) throw new LambError(e.code, `officeRun (COM double): ${what}: ${e.message}`, { detail: e.detail ?? '' });
        throw e;
      }
    }
    return results;
  }

  private one(op: OfficeOp, results: OfficeValue[]): OfficeValue {
    if (op.op === 'connect') {
      const server = this.servers[op.target];
      if (!server) throw new ComDoubleError('OFFICE_UNAVAILABLE', `${op.target} is not registered`, '0x800401F3');
      this.log.push(`connect ${op.target}`);
      return this.out(server);
    }
    const target = this.object(this.resolve(op.target, results));
    if (op.op === 'release') {
      const h = this.handles.get(target);
      if (h !== undefined) {
        this.handles.delete(target);
        this.byHandle.delete(h);
      }
      return null;
    }
    this.log.push(`${op.op} ${op.name}`);
    const member = findMember(target, op.name);
    if (member === undefined) throw new ComDoubleError('INVALID_ARGUMENT', `unknown name ${op.name}`, '0x80020006');
    if (op.op === 'set') {
      target[member] = this.in(this.resolve(op.value, results));
      return null;
    }
    const args = (op.args ?? []).map((a) => this.in(this.resolve(a, results)));
    const named = op.op === 'call' && op.named ? { $named: mapValues(op.named, (v) => this.in(this.resolve(v, results))) } : undefined;
    const value = target[member];
    if (typeof value === 'function') return this.out((value as (...a: unknown[]) => unknown).apply(target, named ? [...args, named] : args));
    if (op.op === 'call' && args.length === 0) return this.out(value);
    if (args.length > 0) throw new ComDoubleError('INVALID_ARGUMENT', `${op.name} takes no arguments`, '0x8002000E');
    return this.out(value);
  }

  private resolve(v: OfficeValue, results: OfficeValue[]): OfficeValue {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if ('$ref' in v && typeof v.$ref === 'number') return results[v.$ref] ?? null;
      if ('$handle' in v) return v;
      if ('$type' in v || '$struct' in v || '$enum' in v) return v;
      return mapValues(v as Record<string, OfficeValue>, (x) => this.resolve(x, results));
    }
    if (Array.isArray(v)) return v.map((x) => this.resolve(x, results));
    return v;
  }

  private object(v: OfficeValue): Obj {
    if (v && typeof v === 'object' && '$handle' in v && typeof v.$handle === 'number') {
      const o = this.byHandle.get(v.$handle);
      if (o) return o;
      throw new ComDoubleError('ELEMENT_STALE', `office handle ${v.$handle} is not known`, '');
    }
    throw new ComDoubleError('INVALID_ARGUMENT', 'target is not an object', '0x80020005');
  }

  /** Into the double: handles become the objects; {$type: missing} becomes undefined. */
  private in(v: OfficeValue): unknown {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x) => this.in(x));
    if ('$handle' in v) return this.object(v);
    if ('$type' in v) return v.$type === 'missing' ? undefined : this.in((v as { value: OfficeValue }).value);
    return v;
  }

  /** Out of the double: class instances become handles, as IDispatch pointers do. */
  private out(v: unknown): OfficeValue {
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    if (Array.isArray(v)) return v.map((x) => this.out(x));
    if (typeof v === 'object') {
      if (Object.getPrototypeOf(v) === Object.prototype) return v as OfficeValue;
      const o = v as Obj;
      let h = this.handles.get(o);
      if (h === undefined) {
        h = this.nextHandle++;
        this.handles.set(o, h);
        this.byHandle.set(h, o);
      }
      return { $handle: h };
    }
    throw new ComDoubleError('INTERNAL', `the double returned a ${typeof v}`);
  }
}

/** COM names are case-insensitive: "font" finds Font. */
function findMember(o: Obj, name: string): string | undefined {
  if (name in o) return name;
  const lower = name.toLowerCase();
  let p: object | null = o;
  while (p && p !== Object.prototype) {
    for (const k of Object.getOwnPropertyNames(p)) if (k.toLowerCase() === lower && k !== 'constructor') return k;
    p = Object.getPrototypeOf(p);
  }
  return undefined;
}

function mapValues<T, U>(o: Record<string, T>, f: (v: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}
