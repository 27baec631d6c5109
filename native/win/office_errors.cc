#include "win/office_errors.h"

#include <cstdio>

#include "win/uia_session.h"

namespace lam::win {
namespace {

using core::ErrorCode;
using core::NativeError;

// winerror.h's values, spelled out: some are missing from older mingw-w64 headers, and the table reads better
// with the number beside the name.
constexpr HRESULT kRpcServerUnavailable = static_cast<HRESULT>(0x800706BAL);  // HRESULT_FROM_WIN32(RPC_S_SERVER_UNAVAILABLE)
constexpr HRESULT kRpcCallFailed = static_cast<HRESULT>(0x800706BEL);         // HRESULT_FROM_WIN32(RPC_S_CALL_FAILED)
constexpr HRESULT kRpcServerCallRetryLater = static_cast<HRESULT>(0x8001010AL);  // RPC_E_SERVERCALL_RETRYLATER
constexpr HRESULT kCoObjNotConnected = static_cast<HRESULT>(0x800401FDL);        // CO_E_OBJNOTCONNECTED

const char* Name(HRESULT hr) {
  switch (static_cast<unsigned long>(hr)) {
    case 0x80020003UL: return "DISP_E_MEMBERNOTFOUND";
    case 0x80020004UL: return "DISP_E_PARAMNOTFOUND";
    case 0x80020005UL: return "DISP_E_TYPEMISMATCH";
    case 0x80020006UL: return "DISP_E_UNKNOWNNAME";
    case 0x80020007UL: return "DISP_E_NONAMEDARGS";
    case 0x80020008UL: return "DISP_E_BADVARTYPE";
    case 0x80020009UL: return "DISP_E_EXCEPTION";
    case 0x8002000AUL: return "DISP_E_OVERFLOW";
    case 0x8002000BUL: return "DISP_E_BADINDEX";
    case 0x8002000EUL: return "DISP_E_BADPARAMCOUNT";
    case 0x8002000FUL: return "DISP_E_PARAMNOTOPTIONAL";
    case 0x80010001UL: return "RPC_E_CALL_REJECTED";
    case 0x8001010AUL: return "RPC_E_SERVERCALL_RETRYLATER";
    case 0x80010108UL: return "RPC_E_DISCONNECTED";
    case 0x80010007UL: return "RPC_E_SERVER_DIED";
    case 0x80010012UL: return "RPC_E_SERVER_DIED_DNE";
    case 0x800706BAUL: return "RPC_S_SERVER_UNAVAILABLE";
    case 0x800706BEUL: return "RPC_S_CALL_FAILED";
    case 0x800401FDUL: return "CO_E_OBJNOTCONNECTED";
    case 0x800401F3UL: return "CO_E_CLASSSTRING";
    case 0x80040154UL: return "REGDB_E_CLASSNOTREG";
    case 0x800401E3UL: return "MK_E_UNAVAILABLE";
    case 0x80080005UL: return "CO_E_SERVER_EXEC_FAILURE";
    case 0x80004002UL: return "E_NOINTERFACE";
    case 0x80004001UL: return "E_NOTIMPL";
    case 0x80004005UL: return "E_FAIL";
    case 0x80070057UL: return "E_INVALIDARG";
    case 0x80070005UL: return "E_ACCESSDENIED";
    case 0x8007000EUL: return "E_OUTOFMEMORY";
    default: return nullptr;
  }
}

// "DISP_E_UNKNOWNNAME (0x80020006)", or the system's text for a code the table does not name.
std::string Describe(HRESULT hr) {
  if (const char* name = Name(hr)) return std::string(name) + " (" + OfficeHresultHex(hr) + ")";
  wchar_t* buffer = nullptr;
  DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                           nullptr, static_cast<DWORD>(hr), 0, reinterpret_cast<wchar_t*>(&buffer), 0, nullptr);
  std::string text = n && buffer ? Utf8(buffer, n) : std::string();
  if (buffer) LocalFree(buffer);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ' || text.back() == '.'))
    text.pop_back();
  return (text.empty() ? std::string("failed") : text) + " (" + OfficeHresultHex(hr) + ")";
}

// The code of a failure that is not about the member or its arguments.
ErrorCode GeneralCode(HRESULT hr) {
  if (IsServerGone(hr)) return ErrorCode::AppNotRunning;
  if (IsServerBusy(hr)) return ErrorCode::Timeout;
  if (hr == E_INVALIDARG) return ErrorCode::InvalidArgument;
  if (hr == E_ACCESSDENIED) return ErrorCode::AccessDenied;
  if (hr == E_OUTOFMEMORY) return ErrorCode::Internal;
  // Whatever else the server answers is its own refusal of this call.
  return ErrorCode::InvalidOperation;
}

// What the Visual Basic runtime's trappable errors mean (Microsoft Learn, VBA "Trappable errors"), for a server
// that raises one with no description: an automation server built on VB's conventions (scrrun, Office's
// object models) reports error n as the scode 0x800A0000 + n. Wine's scrrun gives the scode alone.
const char* VbErrorText(HRESULT scode) {
  if ((static_cast<unsigned long>(scode) & 0xFFFF0000UL) != 0x800A0000UL) return nullptr;
  switch (scode & 0xFFFF) {
    case 5: return "Invalid procedure call or argument";
    case 6: return "Overflow";
    case 7: return "Out of memory";
    case 9: return "Subscript out of range";
    case 11: return "Division by zero";
    case 13: return "Type mismatch";
    case 52: return "Bad file name or number";
    case 53: return "File not found";
    case 54: return "Bad file mode";
    case 55: return "File already open";
    case 57: return "Device I/O error";
    case 58: return "File already exists";
    case 61: return "Disk full";
    case 62: return "Input past end of file";
    case 67: return "Too many files";
    case 68: return "Device unavailable";
    case 70: return "Permission denied";
    case 71: return "Disk not ready";
    case 74: return "Can't rename with different drive";
    case 75: return "Path/File access error";
    case 76: return "Path not found";
    case 91: return "Object variable or With block variable not set";
    case 424: return "Object required";
    case 438: return "Object doesn't support this property or method";
    case 445: return "Object doesn't support this action";
    case 449: return "Argument not optional";
    case 450: return "Wrong number of arguments or invalid property assignment";
    case 457: return "This key is already associated with an element of this collection";
    case 1004: return "Application-defined or object-defined error";
    case 32811: return "Element not found";
    default: return nullptr;
  }
}

}  // namespace

std::string OfficeHresultHex(HRESULT hr) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08lX", static_cast<unsigned long>(hr));
  return buf;
}

bool IsServerBusy(HRESULT hr) { return hr == RPC_E_CALL_REJECTED || hr == kRpcServerCallRetryLater; }

bool IsServerGone(HRESULT hr) {
  return hr == RPC_E_DISCONNECTED || hr == kRpcServerUnavailable || hr == kRpcCallFailed || hr == kCoObjNotConnected ||
         hr == RPC_E_SERVER_DIED || hr == RPC_E_SERVER_DIED_DNE;
}

NativeError OfficeInvokeError(HRESULT hr, const std::string& member, const std::string& argument,
                              const std::string& exception) {
  const std::string hex = OfficeHresultHex(hr);
  const std::string arg = argument.empty() ? std::string() : ", " + argument;
  switch (static_cast<unsigned long>(hr)) {
    case 0x80020006UL:  // DISP_E_UNKNOWNNAME
    case 0x80020003UL:  // DISP_E_MEMBERNOTFOUND
      return NativeError(ErrorCode::InvalidArgument,
                         "the object has no member '" + member + "' usable this way: " + Describe(hr), hex);
    case 0x80020005UL:  // DISP_E_TYPEMISMATCH
      return NativeError(ErrorCode::InvalidArgument, member + ": an argument has the wrong type" + arg + ": " + Describe(hr), hex);
    case 0x8002000AUL:  // DISP_E_OVERFLOW
      return NativeError(ErrorCode::InvalidArgument, member + ": an argument is out of range for its type" + arg + ": " + Describe(hr), hex);
    case 0x80020004UL:  // DISP_E_PARAMNOTFOUND
      return NativeError(ErrorCode::InvalidArgument, member + ": an argument the member does not take" + arg + ": " + Describe(hr), hex);
    case 0x8002000EUL:  // DISP_E_BADPARAMCOUNT
      return NativeError(ErrorCode::InvalidArgument, member + ": the wrong number of arguments: " + Describe(hr), hex);
    case 0x8002000FUL:  // DISP_E_PARAMNOTOPTIONAL
      return NativeError(ErrorCode::InvalidArgument, member + ": a required argument is missing" + arg + ": " + Describe(hr), hex);
    case 0x80020007UL:  // DISP_E_NONAMEDARGS
      return NativeError(ErrorCode::InvalidArgument, member + " takes no named arguments: " + Describe(hr), hex);
    case 0x80020008UL:  // DISP_E_BADVARTYPE
      return NativeError(ErrorCode::InvalidArgument, member + ": an argument's VARIANT type is not accepted" + arg + ": " + Describe(hr), hex);
    case 0x8002000BUL:  // DISP_E_BADINDEX
      return NativeError(ErrorCode::TargetNotFound, member + ": no such index or name in the collection: " + Describe(hr), hex);
    case 0x80020009UL:  // DISP_E_EXCEPTION
      return NativeError(ErrorCode::InvalidOperation, exception.empty() ? member + ": " + Describe(hr) : exception, hex);
    default:
      break;
  }
  if (IsServerGone(hr))
    return NativeError(ErrorCode::AppNotRunning, member + ": the server is gone (the app quit or crashed): " + Describe(hr), hex);
  return NativeError(GeneralCode(hr), member + ": " + Describe(hr), hex);
}

NativeError OfficeComError(HRESULT hr, const std::string& what) {
  return NativeError(GeneralCode(hr), what + ": " + Describe(hr), OfficeHresultHex(hr));
}

std::string OfficeExceptionText(EXCEPINFO& info) {
  // A server may defer filling the structure in until the caller asks (Microsoft Learn, EXCEPINFO:
  // "pfnDeferredFillIn ... Pointer to a function that takes an EXCEPINFO structure as an argument and returns
  // an HRESULT value. If deferred fill-in is not desired, this field is set to NULL").
  if (info.pfnDeferredFillIn) {
    info.pfnDeferredFillIn(&info);
    info.pfnDeferredFillIn = nullptr;
  }
  std::string description = Utf8(info.bstrDescription);
  std::string source = Utf8(info.bstrSource);
  const HRESULT scode = info.scode;
  const unsigned code = info.wCode;  // a server's own error number, when it gives no scode
  SysFreeString(info.bstrDescription);
  SysFreeString(info.bstrSource);
  SysFreeString(info.bstrHelpFile);
  info.bstrDescription = info.bstrSource = info.bstrHelpFile = nullptr;
  while (!description.empty() && (description.back() == '\n' || description.back() == '\r' || description.back() == ' '))
    description.pop_back();
  std::string text = description;
  if (text.empty()) {
    const char* vb = VbErrorText(scode);
    text = vb ? std::string(vb) + " (the server gave no description; the text of Visual Basic error " +
                    std::to_string(scode & 0xFFFF) + ")"
              : "the server raised an exception with no description";
  }
  std::string extra;
  if (!source.empty()) extra = "source: " + source;
  if (scode) extra += (extra.empty() ? "" : ", ") + OfficeHresultHex(scode);
  else if (code) extra += (extra.empty() ? "" : ", ") + std::string("error ") + std::to_string(code);
  return extra.empty() ? text : text + " (" + extra + ")";
}

}  // namespace lam::win
