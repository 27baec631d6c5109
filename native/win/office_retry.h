// The busy-server retry policy of the COM office backend (docs/OFFICE.md "Errors"), as a pure function so it is
// tested without COM (test/native/win/office-retry.test.ts compiles it with the host compiler).
//
// Why a retry loop of our own: Office's servers answer RPC_E_CALL_REJECTED or RPC_E_SERVERCALL_RETRYLATER while
// they are busy (a modal dialog, a long recalculation, the user typing in a cell). In an STA a client would
// register an IMessageFilter whose RetryRejectedCall decides; the office service thread is in the MTA, and
// "message filters are not supported in multithreaded apartments" (Microsoft Learn, CoRegisterMessageFilter:
// "This function can be called only from a single-threaded apartment"), so the HRESULT comes back to the caller
// and the caller retries. Nothing here includes a Windows header.
#pragma once

namespace lam::win {

// The first and the longest wait between two tries: 10, 20, 40, 80, 160, 250, 250, ... ms.
constexpr int kBusyRetryFirstMs = 10;
constexpr int kBusyRetryMaxMs = 250;

// How long to wait before retry number `retry` (0 for the first retry) of a call the server rejected as busy,
// given `remaining_ms` of the job's deadline: the backoff step, cut to what is left so the last try lands at the
// deadline; -1 when nothing is left (the caller gives up with TIMEOUT).
int BusyRetryDelayMs(int retry, int remaining_ms);

}  // namespace lam::win
