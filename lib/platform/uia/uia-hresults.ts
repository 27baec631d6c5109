import type { ErrorCode } from '../../model/index.js';

/**
 * The HRESULTs a UIA client meets, by name (Microsoft's "Error Codes (UIAutomationCoreApi.h)" and winerror.h),
 * and what each means to lam-bridge. native/win/hresult_errors.cc makes the same decisions when it turns a
 * failed call into a NativeError (the HRESULT in hex is the error's `detail`); this is the TypeScript half,
 * for messages and for tests that hold both to Microsoft's numbers.
 */
export const HRESULT = Object.freeze({
  S_OK: 0x00000000,
  S_FALSE: 0x00000001,
  E_NOTIMPL: 0x80004001,
  E_NOINTERFACE: 0x80004002,
  E_POINTER: 0x80004003,
  E_ABORT: 0x80004004,
  E_FAIL: 0x80004005,
  E_UNEXPECTED: 0x8000ffff,
  E_ACCESSDENIED: 0x80070005,
  E_OUTOFMEMORY: 0x8007000e,
  E_INVALIDARG: 0x80070057,
  RPC_E_CALL_REJECTED: 0x80010001,
  RPC_E_CALL_CANCELED: 0x80010002,
  RPC_E_SERVER_DIED: 0x80010007,
  RPC_E_SERVER_DIED_DNE: 0x80010012,
  RPC_E_CHANGED_MODE: 0x80010106,
  RPC_E_DISCONNECTED: 0x80010108,
  RPC_E_SERVERCALL_RETRYLATER: 0x8001010a,
  RPC_E_TIMEOUT: 0x8001011f,
  CO_E_NOTINITIALIZED: 0x800401f0,
  CO_E_OBJNOTCONNECTED: 0x800401fd,
  REGDB_E_CLASSNOTREG: 0x80040154,
  /** HRESULT_FROM_WIN32(RPC_S_SERVER_UNAVAILABLE = 1722): the provider's process is gone. */
  RPC_S_SERVER_UNAVAILABLE: 0x800706ba,
  /** HRESULT_FROM_WIN32(RPC_S_CALL_FAILED = 1726). */
  RPC_S_CALL_FAILED: 0x800706be,
  /** HRESULT_FROM_WIN32(ERROR_INVALID_WINDOW_HANDLE = 1400). */
  ERROR_INVALID_WINDOW_HANDLE: 0x80070578,
  /** HRESULT_FROM_WIN32(ERROR_TIMEOUT = 1460). */
  ERROR_TIMEOUT: 0x800705b4,
  UIA_E_ELEMENTNOTENABLED: 0x80040200,
  UIA_E_ELEMENTNOTAVAILABLE: 0x80040201,
  UIA_E_NOCLICKABLEPOINT: 0x80040202,
  UIA_E_PROXYASSEMBLYNOTLOADED: 0x80040203,
  UIA_E_NOTSUPPORTED: 0x80040204,
  UIA_E_TIMEOUT: 0x80131505,
  UIA_E_INVALIDOPERATION: 0x80131509,
});
export type HresultName = keyof typeof HRESULT;

/** HRESULT_FROM_WIN32: a Win32 error code as an HRESULT (FACILITY_WIN32, severity bit set). */
export function hresultFromWin32(code: number): number {
  return code <= 0 ? code >>> 0 : ((code & 0xffff) | 0x80070000) >>> 0;
}

const NAMES: ReadonlyMap<number, HresultName> = new Map(
  (Object.entries(HRESULT) as [HresultName, number][]).map(([name, value]) => [value, name]),
);

/** An HRESULT as a 32-bit unsigned number, from a number (possibly negative, as C's HRESULT is) or "0x80040201". */
export function hresultValue(hr: number | string): number | undefined {
  if (typeof hr === 'number') return Number.isInteger(hr) ? hr >>> 0 : undefined;
  const m = /^\s*0x([0-9a-f]{1,8})\s*$/i.exec(hr);
  return m ? Number.parseInt(m[1] as string, 16) >>> 0 : undefined;
}

export function hresultName(hr: number | string): HresultName | undefined {
  const v = hresultValue(hr);
  return v === undefined ? undefined : NAMES.get(v);
}

/** "0x80040201" (8 hex digits, lower case), as native/win writes it. */
export function hresultHex(hr: number): string {
  return '0x' + (hr >>> 0).toString(16).padStart(8, '0');
}

/**
 * What a failure means, in the caller's terms:
 * - 'gone': the element or its provider went away (UIA_E_ELEMENTNOTAVAILABLE, RPC disconnects, a dead server):
 *   ELEMENT_STALE while the process lives, APP_NOT_RUNNING once it is gone (the caller knows which);
 * - 'timeout': UIA's own (UIA_E_TIMEOUT, the IUIAutomation2 connection/transaction timeouts);
 * - 'busy': the app's message loop refused the call (RPC_E_CALL_REJECTED): a timeout only when the budget is spent;
 * - 'notSupported': the provider lacks the property or pattern (E_NOTIMPL, UIA_E_NOTSUPPORTED):
 *   PATTERN_NOT_SUPPORTED for an action;
 * - 'disabled', 'invalidOperation', 'invalidArgument', 'accessDenied'; 'other' for the rest (INTERNAL).
 */
export type HresultMeaning =
  | 'gone'
  | 'timeout'
  | 'busy'
  | 'notSupported'
  | 'disabled'
  | 'invalidOperation'
  | 'invalidArgument'
  | 'accessDenied'
  | 'other';

const MEANINGS: ReadonlyMap<number, HresultMeaning> = new Map<number, HresultMeaning>([
  [HRESULT.UIA_E_ELEMENTNOTAVAILABLE, 'gone'],
  [HRESULT.RPC_E_DISCONNECTED, 'gone'],
  [HRESULT.RPC_S_SERVER_UNAVAILABLE, 'gone'],
  [HRESULT.RPC_S_CALL_FAILED, 'gone'],
  [HRESULT.RPC_E_SERVER_DIED, 'gone'],
  [HRESULT.RPC_E_SERVER_DIED_DNE, 'gone'],
  [HRESULT.UIA_E_TIMEOUT, 'timeout'],
  [HRESULT.RPC_E_CALL_REJECTED, 'busy'],
  [HRESULT.E_NOTIMPL, 'notSupported'],
  [HRESULT.UIA_E_NOTSUPPORTED, 'notSupported'],
  [HRESULT.UIA_E_ELEMENTNOTENABLED, 'disabled'],
  [HRESULT.UIA_E_INVALIDOPERATION, 'invalidOperation'],
  [HRESULT.E_INVALIDARG, 'invalidArgument'],
  [HRESULT.E_ACCESSDENIED, 'accessDenied'],
]);

export function hresultMeaning(hr: number | string): HresultMeaning {
  const v = hresultValue(hr);
  return (v === undefined ? undefined : MEANINGS.get(v)) ?? 'other';
}

/**
 * The error code a failed call of `kind` becomes (native/win/hresult_errors.cc ErrorFromHresult decides the
 * same way). `processAlive` tells 'gone' apart; `budgetSpent` makes a busy app a timeout.
 */
export function errorCodeForHresult(
  hr: number | string,
  context: { action: boolean; processAlive: boolean; budgetSpent?: boolean },
): ErrorCode {
  switch (hresultMeaning(hr)) {
    case 'gone':
      return context.processAlive ? 'ELEMENT_STALE' : 'APP_NOT_RUNNING';
    case 'timeout':
      return 'TIMEOUT';
    case 'busy':
      return context.budgetSpent ? 'TIMEOUT' : 'INTERNAL';
    case 'notSupported':
      return context.action ? 'PATTERN_NOT_SUPPORTED' : 'INTERNAL';
    case 'disabled':
      return 'ELEMENT_DISABLED';
    case 'invalidOperation':
      return 'INVALID_OPERATION';
    case 'invalidArgument':
      return 'INVALID_ARGUMENT';
    case 'accessDenied':
      return 'ACCESS_DENIED';
    default:
      return 'INTERNAL';
  }
}
