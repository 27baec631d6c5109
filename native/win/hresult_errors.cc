#include "win/hresult_errors.h"

#include <cstdio>

#include "win/uia_session.h"

namespace lam::win {

namespace {

using core::ErrorCode;

// Codes UIAutomationCoreApi.h and winerror.h define, spelled out where older headers lack them.
constexpr HRESULT kUiaElementNotAvailable = static_cast<HRESULT>(0x80040201L);
constexpr HRESULT kUiaElementNotEnabled = static_cast<HRESULT>(0x80040200L);
constexpr HRESULT kUiaNotSupported = static_cast<HRESULT>(0x80040204L);
constexpr HRESULT kUiaInvalidOperation = static_cast<HRESULT>(0x80131509L);
constexpr HRESULT kUiaTimeout = static_cast<HRESULT>(0x80131505L);
constexpr HRESULT kRpcServerUnavailable = static_cast<HRESULT>(0x800706BAL);  // HRESULT_FROM_WIN32(RPC_S_SERVER_UNAVAILABLE)
constexpr HRESULT kRpcCallFailed = static_cast<HRESULT>(0x800706BEL);         // HRESULT_FROM_WIN32(RPC_S_CALL_FAILED)

// Names for the codes a reader of a message meets most; FormatMessage is asked for the rest.
const char* KnownName(HRESULT hr) {
  switch (static_cast<unsigned long>(hr)) {
    case 0x80004001UL: return "E_NOTIMPL";
    case 0x80004005UL: return "E_FAIL";
    case 0x80070057UL: return "E_INVALIDARG";
    case 0x80004002UL: return "E_NOINTERFACE";
    case 0x80004003UL: return "E_POINTER";
    case 0x80070005UL: return "E_ACCESSDENIED";
    case 0x80040154UL: return "REGDB_E_CLASSNOTREG (no UI Automation client on this system)";
    case 0x80010106UL: return "RPC_E_CHANGED_MODE (the thread is in another COM apartment)";
    case 0x80040201UL: return "UIA_E_ELEMENTNOTAVAILABLE";
    case 0x80040200UL: return "UIA_E_ELEMENTNOTENABLED";
    case 0x80040204UL: return "UIA_E_NOTSUPPORTED";
    case 0x80131509UL: return "UIA_E_INVALIDOPERATION";
    case 0x80131505UL: return "UIA_E_TIMEOUT";
    case 0x80010108UL: return "RPC_E_DISCONNECTED";
    case 0x80010001UL: return "RPC_E_CALL_REJECTED";
    case 0x800706BAUL: return "RPC_S_SERVER_UNAVAILABLE";
    case 0x800706BEUL: return "RPC_S_CALL_FAILED";
    case 0x80010012UL: return "RPC_E_SERVER_DIED_DNE";
    case 0x80010007UL: return "RPC_E_SERVER_DIED";
    default: return nullptr;
  }
}

std::string SystemText(HRESULT hr) {
  wchar_t* buffer = nullptr;
  DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                           nullptr, static_cast<DWORD>(hr), 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::string text;
  if (n && buffer) {
    int len = WideCharToMultiByte(CP_UTF8, 0, buffer, static_cast<int>(n), nullptr, 0, nullptr, nullptr);
    text.resize(len > 0 ? len : 0);
    if (len > 0) WideCharToMultiByte(CP_UTF8, 0, buffer, static_cast<int>(n), &text[0], len, nullptr, nullptr);
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.'))
      text.pop_back();
  }
  if (buffer) LocalFree(buffer);
  return text.empty() ? "failed" : text;
}

}  // namespace

std::string HresultHex(HRESULT hr) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08lx", static_cast<unsigned long>(hr));
  return buf;
}

bool IsDisconnected(HRESULT hr) {
  return hr == kUiaElementNotAvailable || hr == RPC_E_DISCONNECTED || hr == kRpcServerUnavailable ||
         hr == kRpcCallFailed || hr == RPC_E_SERVER_DIED || hr == RPC_E_SERVER_DIED_DNE;
}

bool IsNotImplemented(HRESULT hr) { return hr == E_NOTIMPL || hr == kUiaNotSupported; }

core::NativeError ErrorFromHresult(const std::string& operation, const char* api, HRESULT hr,
                                   const HresultContext& context) {
  const char* name = KnownName(hr);
  std::string message = operation + " (" + api + "): " + (name ? std::string(name) : SystemText(hr)) + " (" +
                        HresultHex(hr) + ")";
  ErrorCode code = ErrorCode::Internal;
  if (IsDisconnected(hr)) {
    // The element's provider went away: the whole app if its process is gone, else just this element.
    code = context.pid && !UiaSession::ProcessAlive(context.pid) ? ErrorCode::AppNotRunning : ErrorCode::ElementStale;
  } else if (hr == kUiaTimeout) {
    code = ErrorCode::Timeout;
  } else if (hr == RPC_E_CALL_REJECTED) {
    // The app's message loop refused the call (busy); only a job out of time makes that a timeout.
    code = context.deadline && context.deadline->expired() ? ErrorCode::Timeout : ErrorCode::Internal;
  } else if (IsNotImplemented(hr)) {
    code = context.action ? ErrorCode::PatternNotSupported : ErrorCode::Internal;
  } else if (hr == E_INVALIDARG) {
    code = ErrorCode::InvalidArgument;
  } else if (hr == kUiaElementNotEnabled) {
    code = ErrorCode::ElementDisabled;
  } else if (hr == kUiaInvalidOperation) {
    code = ErrorCode::InvalidOperation;
  } else if (hr == E_ACCESSDENIED) {
    code = ErrorCode::AccessDenied;
  }
  return core::NativeError(code, message, HresultHex(hr));
}

}  // namespace lam::win
