#include "win/office_dispatch.h"

#include <algorithm>

#include "core/native_error.h"
#include "win/office_errors.h"
#include "win/office_retry.h"
#include "win/office_variant.h"

namespace lam::win {
namespace {

using core::Deadline;
using core::ErrorCode;
using core::NativeError;
using core::OfficeValue;

// The locale VB and pywin32 pass; Office's object models read formulas and numbers in their documented (English)
// forms through the members made for that (Range.Formula, not FormulaLocal) whatever it is.
constexpr LCID kLocale = LOCALE_USER_DEFAULT;

// Runs `call` until the server stops answering busy or the deadline has no room for another try. In the MTA no
// IMessageFilter applies (win/office_retry.h): RPC_E_CALL_REJECTED and RPC_E_SERVERCALL_RETRYLATER reach us, and a
// rejected call has not run, so trying it again with the same arguments is safe.
template <class Call>
HRESULT RetryWhileBusy(const Deadline& deadline, Call call) {
  for (int retry = 0;; ++retry) {
    HRESULT hr = call();
    if (!IsServerBusy(hr)) return hr;
    int delay = BusyRetryDelayMs(retry, deadline.remaining_ms());
    if (delay < 0 || deadline.cancelled()) return hr;
    // Slices, so a cancelled job (the service stopping) does not sleep out its step.
    while (delay > 0 && !deadline.cancelled()) {
      const int slice = std::min(delay, 50);
      Sleep(static_cast<DWORD>(slice));
      delay -= slice;
    }
  }
}

NativeError BusyTimeout(HRESULT hr, const std::string& member, const Deadline& deadline) {
  return NativeError(ErrorCode::Timeout,
                     member + ": the server stayed busy until the deadline (" + std::to_string(deadline.timeout_ms()) +
                         " ms), retried with backoff: " + OfficeHresultHex(hr),
                     OfficeHresultHex(hr));
}

struct Arguments {
  std::vector<VARIANT> values;  // rgvarg: named arguments first, then the positional ones last to first
  std::vector<DISPID> named;    // rgdispidNamedArgs, for values[0 .. named.size())
  std::vector<std::string> labels;  // what each of values names in an error ("args[0]", "the value", ...)
  Arguments() = default;
  Arguments(const Arguments&) = delete;
  Arguments& operator=(const Arguments&) = delete;
  ~Arguments() {
    for (VARIANT& v : values) VariantClear(&v);
  }
  void Add(const OfficeValue& value, std::string label, OfficeHandles& handles) {
    VARIANT v;
    VariantInit(&v);
    ToVariant(value, handles, label, &v);
    values.push_back(v);
    labels.push_back(std::move(label));
  }
};

// Frees what a server left in an EXCEPINFO and zeroes it. Only DISP_E_EXCEPTION promises a filled one, but a
// server that fills it on another failure (or on a busy answer before a retry) must not leak its strings.
void ClearException(EXCEPINFO& info) {
  SysFreeString(info.bstrSource);
  SysFreeString(info.bstrDescription);
  SysFreeString(info.bstrHelpFile);
  info = EXCEPINFO{};
}

bool NamesAnArgument(HRESULT hr) {
  return hr == DISP_E_TYPEMISMATCH || hr == DISP_E_PARAMNOTFOUND || hr == DISP_E_OVERFLOW || hr == DISP_E_BADVARTYPE ||
         hr == DISP_E_PARAMNOTOPTIONAL;
}

}  // namespace

const std::wstring& OfficeDispatch::TypeOf(OfficeHandles::Entry& object) {
  if (object.type_read) return object.type;
  object.type_read = true;
  UINT count = 0;
  ITypeInfo* info = nullptr;
  if (SUCCEEDED(object.dispatch->GetTypeInfoCount(&count)) && count > 0 &&
      SUCCEEDED(object.dispatch->GetTypeInfo(0, kLocale, &info)) && info) {
    TYPEATTR* attr = nullptr;
    if (SUCCEEDED(info->GetTypeAttr(&attr)) && attr) {
      // IID_NULL would lump every undescribed type together: no caching for those.
      if (attr->guid != IID_NULL) {
        wchar_t text[40] = {};
        if (StringFromGUID2(attr->guid, text, 40) > 0) object.type = text;
      }
      info->ReleaseTypeAttr(attr);
    }
    info->Release();
  }
  return object.type;
}

std::vector<DISPID> OfficeDispatch::Ids(OfficeHandles::Entry& object, const std::string& member, const OfficeNamedArgs& named,
                                        const Deadline& deadline) {
  std::vector<std::wstring> names;
  names.push_back(Utf16(member));
  for (const auto& [name, _] : named) names.push_back(Utf16(name));
  const std::wstring& type = TypeOf(object);
  std::wstring key;
  if (!type.empty()) {
    key = type;
    for (const std::wstring& n : names) key += L'\n' + n;
    auto cached = ids_.find(key);
    if (cached != ids_.end()) return cached->second;
  }
  std::vector<LPOLESTR> pointers;
  for (std::wstring& n : names) pointers.push_back(&n[0]);
  std::vector<DISPID> ids(names.size(), DISPID_UNKNOWN);
  HRESULT hr = RetryWhileBusy(deadline, [&] {
    return object.dispatch->GetIDsOfNames(IID_NULL, pointers.data(), static_cast<UINT>(pointers.size()), kLocale, ids.data());
  });
  if (IsServerBusy(hr)) throw BusyTimeout(hr, member, deadline);
  if (hr == DISP_E_UNKNOWNNAME && !named.empty()) {
    // Which name is unknown: servers need not fill the others in, so ask for the member alone.
    DISPID alone = DISPID_UNKNOWN;
    LPOLESTR first = pointers[0];
    if (SUCCEEDED(object.dispatch->GetIDsOfNames(IID_NULL, &first, 1, kLocale, &alone))) {
      std::string unknown;
      for (size_t i = 1; i < ids.size(); ++i)
        if (ids[i] == DISPID_UNKNOWN) unknown += (unknown.empty() ? "" : ", ") + named[i - 1].first;
      throw NativeError(ErrorCode::InvalidArgument,
                        member + " has no argument named " + (unknown.empty() ? std::string("as given") : unknown) +
                            " (DISP_E_UNKNOWNNAME " + OfficeHresultHex(hr) + ")",
                        OfficeHresultHex(hr));
    }
  }
  if (FAILED(hr)) throw OfficeInvokeError(hr, member, "", "");
  if (!key.empty()) ids_.emplace(key, ids);
  return ids;
}

OfficeValue OfficeDispatch::Run(OfficeHandles::Entry& object, const std::string& member, WORD flags,
                                const std::vector<OfficeValue>& args, const OfficeNamedArgs& named, const OfficeValue* value,
                                const Deadline& deadline) {
  if (!object.dispatch)
    throw NativeError(ErrorCode::InvalidOperation,
                      "the object has no IDispatch (only IUnknown): its members cannot be reached by name");
  const std::vector<DISPID> ids = Ids(object, member, named, deadline);

  // IDispatch::Invoke's layout (Microsoft Learn, "IDispatch::Invoke" and "DISPPARAMS"): named arguments first, in
  // rgdispidNamedArgs' order; the value of a property put is the named argument DISPID_PROPERTYPUT and comes
  // first of all; positional arguments after them, in reverse order (the last argument is rgvarg right after the
  // named ones).
  Arguments a;
  a.values.reserve(args.size() + named.size() + 1);
  if (value) {
    a.Add(*value, "the value", handles_);
    a.named.push_back(DISPID_PROPERTYPUT);
  }
  for (size_t i = 0; i < named.size(); ++i) {
    a.Add(named[i].second, "named argument " + named[i].first, handles_);
    a.named.push_back(ids[i + 1]);
  }
  for (size_t i = args.size(); i-- > 0;) a.Add(args[i], "args[" + std::to_string(i) + "]", handles_);
  DISPPARAMS params{a.values.data(), a.named.empty() ? nullptr : a.named.data(), static_cast<UINT>(a.values.size()),
                    static_cast<UINT>(a.named.size())};

  OwnedVariant result;
  EXCEPINFO exception{};
  UINT arg_error = static_cast<UINT>(-1);
  auto invoke = [&](WORD how) {
    return RetryWhileBusy(deadline, [&] {
      VariantClear(result.get());
      ClearException(exception);
      arg_error = static_cast<UINT>(-1);
      return object.dispatch->Invoke(ids[0], IID_NULL, kLocale, how, &params, value ? nullptr : result.get(), &exception,
                                     &arg_error);
    });
  };
  HRESULT hr = invoke(flags);
  if (hr == DISP_E_MEMBERNOTFOUND && flags == DISPATCH_PROPERTYPUTREF) {
    // Many properties take an object through PROPERTYPUT only (the server reads the object's default value, or
    // stores the reference itself); VB's `Set` form is tried first because it is the one that means "this object".
    hr = invoke(DISPATCH_PROPERTYPUT);
  }
  if (SUCCEEDED(hr)) {
    ClearException(exception);
    return value ? OfficeValue::Null() : FromVariant(*result, handles_);
  }
  if (IsServerBusy(hr)) {
    ClearException(exception);
    throw BusyTimeout(hr, member, deadline);
  }
  std::string text;
  if (hr == DISP_E_EXCEPTION) text = OfficeExceptionText(exception);
  ClearException(exception);
  std::string label;
  if (NamesAnArgument(hr) && arg_error < a.labels.size()) label = a.labels[arg_error];
  throw OfficeInvokeError(hr, member, label, text.empty() ? std::string() : member + ": " + text);
}

OfficeValue OfficeDispatch::Invoke(OfficeHandles::Entry& object, const std::string& member, const std::vector<OfficeValue>& args,
                                   const OfficeNamedArgs& named, const Deadline& deadline) {
  return Run(object, member, DISPATCH_METHOD | DISPATCH_PROPERTYGET, args, named, nullptr, deadline);
}

void OfficeDispatch::Put(OfficeHandles::Entry& object, const std::string& member, const std::vector<OfficeValue>& args,
                         const OfficeNamedArgs& named, const OfficeValue& value, const Deadline& deadline) {
  const WORD flags = value.tag() == "$handle" ? DISPATCH_PROPERTYPUTREF : DISPATCH_PROPERTYPUT;
  Run(object, member, flags, args, named, &value, deadline);
}

}  // namespace lam::win
