// HRESULT -> NativeError for the COM office backend (docs/OFFICE.md "Errors"): which IDispatch failure means
// what to a caller. The message is the text after "officeRun (COM): op N (...): " (the backend adds that prefix);
// `detail` is the HRESULT as 0x%08X.
#pragma once

#include <string>

#include "win/uia_headers.h"

#include "core/native_error.h"

namespace lam::win {

// "0x80020006"
std::string OfficeHresultHex(HRESULT hr);

// The busy answers of a server whose message loop refused the call (retried, win/office_retry.h).
bool IsServerBusy(HRESULT hr);

// The server process or its stub is gone: the app is not running any more.
bool IsServerGone(HRESULT hr);

// What an IDispatch call's failure means. `member` names the member called; `argument` names the argument
// puArgErr pointed at ("args[1]", "named argument FileName", "the value"), or "" when the call named none;
// `exception` is EXCEPINFO's text for DISP_E_EXCEPTION (OfficeExceptionText).
core::NativeError OfficeInvokeError(HRESULT hr, const std::string& member, const std::string& argument,
                                    const std::string& exception);

// Any other COM call of the backend (CLSIDFromProgID, CoCreateInstance, QueryInterface...): `what` says what
// failed, the code follows the same table.
core::NativeError OfficeComError(HRESULT hr, const std::string& what);

// EXCEPINFO -> "<description> (source: <source>, 0x800A0035)", after pfnDeferredFillIn; frees its BSTRs (the
// caller owns them once Invoke returned DISP_E_EXCEPTION).
std::string OfficeExceptionText(EXCEPINFO& info);

}  // namespace lam::win
