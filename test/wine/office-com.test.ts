/**
 * The COM office backend (native/win/office_*) in the real Windows addon, run by Windows node.exe under Wine 10,
 * against the COM servers Wine ships (scrrun.dll: Scripting.Dictionary and Scripting.FileSystemObject, both late
 * bound through IDispatch): connect, property get and put (parameterized too), method calls with positional and
 * named arguments, VARIANT marshalling both ways (BSTR with non-ASCII text, typed scalars, VT_ERROR, 1-D and 2-D
 * SAFEARRAYs, objects as handles), the handle registry, and the error codes of docs/OFFICE.md. Beside them a test
 * double of a busy server (LamBridge.BusyServerDouble, test/native/win/busy_server, registered in the prefix here)
 * answers RPC_E_CALL_REJECTED / RPC_E_SERVERCALL_RETRYLATER as a busy Office would, so the retry loop runs for real,
 * and raises what scrrun does not (a deferred EXCEPINFO, puArgErr); the same double as a local server EXE (its own
 * process, an STA with a message loop, as Office's apps are) proves the calls through COM's cross-process
 * marshalling and a server that dies inside a call (RPC_S_CALL_FAILED, then RPC_S_SERVER_UNAVAILABLE:
 * APP_NOT_RUNNING). One node.exe launch (test/wine/scripts/office-com.cjs), every check in it.
 *
 * What Wine 10's scrrun does differently from Windows, measured here: its exceptions carry an scode but no
 * description (the backend then names the Visual Basic error the scode stands for), and IDispatch::Invoke leaves
 * puArgErr unset on DISP_E_TYPEMISMATCH (so the message cannot name the argument). Named arguments work.
 * No Wine server takes or returns a 2-D SAFEARRAY by contract, so the 2-D marshalling is proven by a round trip
 * through a Dictionary item, which stores the VARIANT as given and returns a copy of it.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runProgram, runUnderWine, toWinePath, wineSkipReason } from '../helpers/wine.js';

const REPO = join(import.meta.dirname, '..', '..');
const ADDON = join(REPO, 'prebuilds', 'win32-x64', 'node.napi.node');
const SCRIPT = join(REPO, 'test/wine/scripts/office-com.cjs');
// The busy-server test double (test/native/win/busy_server), built by the global setup with the test programs.
const BUSY_DLL = join(REPO, 'build-win32', 'Release', 'lam_busy_server_double.dll');
const BUSY_CLSID = '{5B1E6C2A-8D47-4F3B-9E21-7A0C4D9F3B61}';
const BUSY_PROGID = 'LamBridge.BusyServerDouble';
// The same double as a local server (its own process, as Office's apps are).
const REMOTE_EXE = join(REPO, 'build-win32', 'Release', 'lam_busy_server_double.exe');
const REMOTE_CLSID = '{5B1E6C2A-8D47-4F3B-9E21-7A0C4D9F3B62}';
const REMOTE_PROGID = 'LamBridge.BusyServerDouble.Remote';
const TEXT = 'é ж € ✓';
const skip = wineSkipReason();
if (skip) console.log(`test/wine/office-com: skipped: ${skip}`);

type Value = unknown;
interface Batch {
  results?: Value[];
  code?: string;
  message?: string;
  detail?: string;
}
type Report = Record<string, unknown>;

const handle = (b: Batch, i = 0): number => (b.results?.[i] as { $handle: number }).$handle;

describe.skipIf(skip !== null)('the COM office backend under Wine 10 (scrrun)', () => {
  let report: Report = {};
  // One group of the report, which must be there.
  const b = <T = Batch>(name: string): T => {
    if (!(name in report)) throw new Error(`the report has no ${name}`);
    return report[name] as T;
  };

  it('runs every batch in Windows node.exe', async () => {
    expect(existsSync(BUSY_DLL), `${BUSY_DLL} (the global setup builds it)`).toBe(true);
    expect(existsSync(REMOTE_EXE), `${REMOTE_EXE} (the global setup builds it)`).toBe(true);
    // An in-process server's registration, as its DllRegisterServer would write it (Wine's reg.exe, the prefix's HKLM).
    const classes = 'HKLM\\Software\\Classes';
    for (const args of [
      ['add', `${classes}\\CLSID\\${BUSY_CLSID}\\InprocServer32`, '/ve', '/d', toWinePath(BUSY_DLL), '/f'],
      ['add', `${classes}\\CLSID\\${BUSY_CLSID}\\InprocServer32`, '/v', 'ThreadingModel', '/d', 'Both', '/f'],
      ['add', `${classes}\\${BUSY_PROGID}\\CLSID`, '/ve', '/d', BUSY_CLSID, '/f'],
      ['add', `${classes}\\CLSID\\${REMOTE_CLSID}\\LocalServer32`, '/ve', '/d', toWinePath(REMOTE_EXE), '/f'],
      ['add', `${classes}\\${REMOTE_PROGID}\\CLSID`, '/ve', '/d', REMOTE_CLSID, '/f'],
    ]) {
      const reg = await runProgram('reg', args, { timeoutMs: 60_000 });
      expect(reg.status, `reg ${args.join(' ')}: ${reg.stderr}${reg.stdout}`).toBe(0);
    }
    const run = await runUnderWine(SCRIPT, [toWinePath(ADDON), 'busy'], { timeoutMs: 120_000 });
    expect(run.status, `${run.stderr}\n${run.stdout}`).toBe(0);
    report = JSON.parse(run.stdout) as Report;
    expect(report['fatal']).toBeUndefined();
    console.log(`office-com under Wine: ${Object.keys(report).length} groups of batches in one node.exe launch of ${run.durationMs} ms`);
  }, 150_000);

  it('Scripting.Dictionary: Add, Count, Item get and put, Exists, Keys and Items as SAFEARRAYs, Remove', () => {
    expect(b('dictConnect').results).toEqual([{ $handle: expect.any(Number) }]);
    expect(b('dictionary').results).toEqual([null, null, 2, 1, null, 42, true, false, ['a', 'b'], [42, TEXT]]);
    expect(b('removeExisting').results).toEqual([null, 1]);
    // Item of a missing key adds the key with an empty item (documented Dictionary behaviour): null, and Count 2.
    expect(b('itemOfMissingKeyIndex').results).toEqual([null]);
    expect(b('countAfterValueErrors').results).toEqual([2]);
  });

  it('Remove of a missing key: DISP_E_EXCEPTION -> INVALID_OPERATION with the scode and its meaning', () => {
    expect(b('removeMissing').code).toBe('INVALID_OPERATION');
    expect(b('removeMissing').detail).toBe('0x80020009');
    expect(b('removeMissing').message).toMatch(/^officeRun \(COM\): op 0 \(call Remove\): Remove: Element not found .*0x800A802B/);
  });

  it('a property put: CompareMode = TextCompare makes keys case-insensitive', () => {
    expect(b('compareMode').results).toEqual([{ $handle: expect.any(Number) }, 0, null, 1, null, true]);
  });

  it('marshals values both ways: numbers, text, null, booleans, typed scalars, VT_ERROR, 1-D and 2-D arrays', () => {
    expect(b<Record<string, Value>>('values').code).toBeUndefined();
    expect(b<Record<string, Value>>('values')).toEqual({
      int: 7,
      negative: -2147483648,
      big: 3000000000,
      fraction: 1.5,
      empty: null,
      yes: true,
      text: TEXT,
      list: [1, 'two', null, false],
      ragged: [[1], [2, 3]],
      matrix: [[1, 2, 3], [4, 5, 6]],
      matrixOfText: [['a', 'b'], ['c', TEXT], ['e', 'f']],
      i2: 7,
      r4: 0.5,
      cy: 1.2345,
      date: { $type: 'date', value: 45000.25 },
      bstrFromNumber: '12',
      boolFromNumber: true,
      i4FromText: 123,
      // {$type: 'missing'} is VT_ERROR DISP_E_PARAMNOTFOUND; stored as an item, it comes back as that VT_ERROR.
      missing: { $error: -2147352572 },
    });
  });

  it('refuses values COM cannot take, before the server sees them', () => {
    const e = b<Record<string, Batch>>('valueErrors');
    expect(e.i2Overflow).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/args\[1\] is out of the range of i2/) });
    expect(e.unknownType).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining("$type 'quaternion'") });
    expect(e.plainObject).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('args[1] is a plain object') });
    expect(e.unoStruct).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('UNO $struct') });
    expect(e.staleHandleArg).toMatchObject({ code: 'ELEMENT_STALE', message: expect.stringContaining('office handle 987654321 is not known') });
    // None of them reached Add: the dictionary still holds its two keys.
    expect(b('countAfterValueErrors').results).toEqual([2]);
  });

  it('Scripting.FileSystemObject: a folder object, BuildPath, a Unicode text file written, read back, measured and deleted', () => {
    expect(b('temp').results?.[0]).toEqual({ $handle: expect.any(Number) });
    const folder = b('temp').results?.[1] as string;
    expect(folder).toMatch(/^[A-Z]:\\/);
    const file = b('buildPath').results?.[0] as string;
    expect(file.startsWith(folder + '\\')).toBe(true);
    expect(b('write').results).toEqual([{ $handle: expect.any(Number) }, null, null, null]);
    expect(b('read').results).toEqual([{ $handle: expect.any(Number) }, `${TEXT}\r\n`, null]);
    const [exists, fileObject, size, name] = b('fileInfo').results ?? [];
    expect(exists).toBe(true);
    expect(fileObject).toEqual({ $handle: expect.any(Number) });
    // UTF-16LE: a 2-byte BOM, then the text and CRLF, 2 bytes a code unit.
    expect(size).toBe(2 + 2 * (TEXT.length + 2));
    expect(file.endsWith(`\\${name as string}`)).toBe(true);
    expect(b('delete').results).toEqual([null, false]);
  });

  it('named arguments (OpenTextFile(path, IOMode:=1, Format:=-1)) and omitted optional ones ({$type: missing})', () => {
    expect(b('readNamed').results).toEqual([{ $handle: expect.any(Number) }, `${TEXT}\r\n`, null]);
    expect(b('readMissingArg').results).toEqual([{ $handle: expect.any(Number) }, `${TEXT}\r\n`, null]);
    expect(b('unknownNamedArg')).toMatchObject({
      code: 'INVALID_ARGUMENT',
      detail: '0x80020006',
      message: expect.stringContaining('OpenTextFile has no argument named NoSuchArgument'),
    });
  });

  it('a missing file: DISP_E_EXCEPTION -> INVALID_OPERATION naming what went wrong', () => {
    for (const failed of [b('missingFile'), b('openMissing')]) {
      expect(failed.code).toBe('INVALID_OPERATION');
      expect(failed.detail).toBe('0x80020009');
      expect(failed.message).toMatch(/File not found .*0x800A0035/);
    }
  });

  it('one object, one handle (IUnknown identity); objects in returned arrays are handles too', () => {
    const fso = handle(b('fsoConnect'));
    const [, item, items, file1, file2] = b('sameObject').results ?? [];
    expect(item).toEqual({ $handle: fso });
    expect(items).toEqual(expect.arrayContaining([{ $handle: fso }]));
    // scrrun makes a new File object per GetFile call: two objects, two handles.
    expect(file1).not.toEqual(file2);
    expect(b('twoDicts').results?.[0]).not.toEqual(b('twoDicts').results?.[1]);
  });

  it('connect errors: an unregistered ProgID or CLSID -> OFFICE_UNAVAILABLE, nothing running -> APP_NOT_RUNNING', () => {
    expect(b('unregistered')).toMatchObject({
      code: 'OFFICE_UNAVAILABLE',
      detail: '0x800401F3',
      message: expect.stringContaining('LamBridge.NoSuchServer is not registered: is Microsoft Office installed?'),
    });
    expect(b('unregisteredClsid')).toMatchObject({ code: 'OFFICE_UNAVAILABLE', detail: '0x80040154' });
    expect(b('notRunning')).toMatchObject({ code: 'APP_NOT_RUNNING', detail: '0x800401E3' });
  });

  it('member and argument errors -> INVALID_ARGUMENT naming the member, with the op in the message', () => {
    expect(b('unknownMember')).toMatchObject({
      code: 'INVALID_ARGUMENT',
      detail: '0x80020006',
      message: expect.stringMatching(/^officeRun \(COM\): op 0 \(get NoSuchMember\): .*'NoSuchMember'/),
    });
    expect(b('typeMismatch')).toMatchObject({ code: 'INVALID_ARGUMENT', detail: '0x80020005' });
    expect(b('badParamCount')).toMatchObject({ code: 'INVALID_ARGUMENT', detail: '0x8002000E' });
    expect(b('targetNotObject')).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('op 1 (get Count)') });
  });

  it('a batch stops at its first failing op', () => {
    expect(b('stopsAtFirstFailure')).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('op 2 (get Nope)') });
  });

  it('$ref chaining inside a batch: GetSpecialFolder(2).Path', () => {
    expect(typeof b('temp').results?.[1]).toBe('string');
    expect(b('write').results?.[3]).toBeNull(); // release of {$ref: 0}
  });

  it('release: idempotent, and a released handle is ELEMENT_STALE; handles never repeat, not even in another addon instance', () => {
    expect(b('release').results).toEqual([null, null]);
    expect(b('releaseUnknown').results).toEqual([null]);
    expect(b('afterRelease')).toMatchObject({
      code: 'ELEMENT_STALE',
      message: expect.stringContaining(`office handle ${handle(b('twoDicts'))} is not known`),
    });
    expect(b<{ foreign: Batch; own: Batch; error?: string }>('worker').error).toBeUndefined();
    expect(b<{ foreign: Batch; own: Batch; error?: string }>('worker').foreign).toMatchObject({ code: 'ELEMENT_STALE' });
    // The worker's own first handle is new to the process (a counter shared by every office thread).
    expect(handle(b<{ foreign: Batch; own: Batch; error?: string }>('worker').own)).toBeGreaterThan(handle(b('twoDicts'), 1));
  });

  it('a busy server (RPC_E_CALL_REJECTED, RPC_E_SERVERCALL_RETRYLATER) is retried until it answers', () => {
    expect(b('busyConnect').results).toEqual([{ $handle: expect.any(Number) }]);
    // Three rejections, then the answer: four Ping calls arrived.
    expect(b('busyRecovers').results).toEqual([null, 'pong', 4]);
    expect(b('busyRetryLater').results).toEqual([null, null, 'pong', 7]);
  });

  it('a server that stays busy past the deadline -> TIMEOUT, after retries', () => {
    expect(b('busyForever')).toMatchObject({
      code: 'TIMEOUT',
      detail: '0x80010001',
      message: expect.stringContaining('op 0 (call Ping): Ping: the server stayed busy until the deadline (300 ms)'),
    });
    const [, pings, pong] = b('busyAfter').results ?? [];
    // More than one try inside the 300 ms (the first and at least one retry); how many depends on the clock.
    expect(pings as number).toBeGreaterThanOrEqual(7 + 2);
    expect(pong).toBe('pong');
    console.log(`a server busy for good: ${(pings as number) - 7} tries in the 300 ms deadline, then TIMEOUT`);
  });

  it('DISP_E_EXCEPTION with a deferred EXCEPINFO: the description, source and scode after pfnDeferredFillIn', () => {
    expect(b('deferredException')).toMatchObject({
      code: 'INVALID_OPERATION',
      detail: '0x80020009',
      message: expect.stringContaining('Raise: the double raised this on purpose (source: LamBridge.BusyServerDouble, 0x80041234)'),
    });
  });

  it('DISP_E_TYPEMISMATCH names the argument puArgErr points at (rgvarg[0] is the last positional one)', () => {
    expect(b('argumentError')).toMatchObject({
      code: 'INVALID_ARGUMENT',
      detail: '0x80020005',
      message: expect.stringContaining('Typed: an argument has the wrong type, args[1]'),
    });
  });

  it('out of process (a local server, calls marshalled by COM): busy answers retried, a dead server -> APP_NOT_RUNNING', () => {
    expect(b('remoteConnect').results).toEqual([{ $handle: expect.any(Number) }]);
    const [pid, , pong, pings] = b('remote').results ?? [];
    expect(pid).not.toBe(report['callerPid']);
    expect(pong).toBe('pong');
    expect(pings).toBe(3);
    console.log(`server died inside a call: ${JSON.stringify(b('remoteDies'))}; next call: ${JSON.stringify(b('remoteAfterDeath'))}`);
    expect(b('remoteDies').code).toBe('APP_NOT_RUNNING');
    expect(b('remoteAfterDeath').code).toBe('APP_NOT_RUNNING');
  });

  it('every HRESULT of the table means its code (docs/OFFICE.md "Errors"), the HRESULT in detail', () => {
    const failures = b<Record<string, Batch>>('failures');
    const expected: Record<string, string> = {
      '0x8002000B': 'TARGET_NOT_FOUND', // DISP_E_BADINDEX
      '0x8002000F': 'INVALID_ARGUMENT', // DISP_E_PARAMNOTOPTIONAL
      '0x8002000A': 'INVALID_ARGUMENT', // DISP_E_OVERFLOW
      '0x80020003': 'INVALID_ARGUMENT', // DISP_E_MEMBERNOTFOUND
      '0x80020007': 'INVALID_ARGUMENT', // DISP_E_NONAMEDARGS
      '0x80020004': 'INVALID_ARGUMENT', // DISP_E_PARAMNOTFOUND
      '0x80020008': 'INVALID_ARGUMENT', // DISP_E_BADVARTYPE
      '0x800401FD': 'APP_NOT_RUNNING', // CO_E_OBJNOTCONNECTED
      '0x80010108': 'APP_NOT_RUNNING', // RPC_E_DISCONNECTED
      '0x800706BA': 'APP_NOT_RUNNING', // RPC_S_SERVER_UNAVAILABLE
      '0x80070005': 'ACCESS_DENIED', // E_ACCESSDENIED
      '0x80070057': 'INVALID_ARGUMENT', // E_INVALIDARG
      '0x80004005': 'INVALID_OPERATION', // E_FAIL: the server's own refusal
      '0x80004001': 'INVALID_OPERATION', // E_NOTIMPL
    };
    const got = Object.fromEntries(Object.entries(failures).map(([hex, f]) => [hex, f.code]));
    expect(got).toEqual(expected);
    for (const [hex, f] of Object.entries(failures)) {
      expect(f.detail).toBe(hex);
      expect(f.message).toMatch(/^officeRun \(COM\): op 0 \(call Fail\): /);
    }
  });
});
