// A test double of a busy automation server (LamBridge.BusyServerDouble): an in-process IDispatch object that
// answers the HRESULTs an out-of-process Office answers while it is busy, so the COM office backend's retry loop
// (native/win/office_dispatch.cc, RetryWhileBusy) runs for real under Wine, where no Office can. In-process, no
// proxy is involved: the backend sees exactly the HRESULT that COM's channel would hand an MTA client of a busy
// server (RPC_E_CALL_REJECTED, RPC_E_SERVERCALL_RETRYLATER). Also raises what scrrun under Wine does not: an
// exception with a deferred description (pfnDeferredFillIn) and a type mismatch with puArgErr set.
//
// Members (late bound by name):
//   Reject      put: how many of the next Ping calls to reject (-1: all of them)
//   RejectWith  put: 0 -> RPC_E_CALL_REJECTED, 1 -> RPC_E_SERVERCALL_RETRYLATER
//   Pings       get: how many Ping calls arrived, rejected ones included
//   Ping        call: "pong" when not rejected
//   Raise       call: DISP_E_EXCEPTION whose EXCEPINFO is filled in by pfnDeferredFillIn
//   Typed       call: DISP_E_TYPEMISMATCH with puArgErr = 0 (rgvarg[0]: the last positional argument)
//   ProcessId   get: the serving process's id (out of process: not the caller's)
//   Fail(hr)    call: returns the HRESULT it is given (the backend's HRESULT -> code table, one code at a time)
//   Die         call: ends the serving process inside the call (what a crashing Office looks like to a client)
//
// Built twice: as lam_busy_server_double.dll (in-process, LamBridge.BusyServerDouble) and, with
// LAM_BUSY_SERVER_EXE, as lam_busy_server_double.exe, a local server (LamBridge.BusyServerDouble.Remote) in an STA
// with a message loop, as Office's apps are: the calls then cross processes through COM's real marshalling.
#include "win/uia_headers.h"

#include <atomic>
#include <cwchar>

namespace {

#ifdef LAM_BUSY_SERVER_EXE
// {5B1E6C2A-8D47-4F3B-9E21-7A0C4D9F3B62}
const CLSID kClsid = {0x5b1e6c2a, 0x8d47, 0x4f3b, {0x9e, 0x21, 0x7a, 0x0c, 0x4d, 0x9f, 0x3b, 0x62}};
#else
// {5B1E6C2A-8D47-4F3B-9E21-7A0C4D9F3B61}
const CLSID kClsid = {0x5b1e6c2a, 0x8d47, 0x4f3b, {0x9e, 0x21, 0x7a, 0x0c, 0x4d, 0x9f, 0x3b, 0x61}};
#endif

enum : DISPID { kReject = 1, kRejectWith, kPings, kPing, kRaise, kTyped, kProcessId, kDie, kFail };

std::atomic<long> g_objects{0};

void ObjectGone() {
#ifdef LAM_BUSY_SERVER_EXE
  // The local server lives while a client holds an object (its STA thread gets the last Release).
  if (g_objects == 0) PostQuitMessage(0);
#endif
}

HRESULT STDMETHODCALLTYPE FillIn(EXCEPINFO* info) {
  info->bstrSource = SysAllocString(L"LamBridge.BusyServerDouble");
  info->bstrDescription = SysAllocString(L"the double raised this on purpose");
  info->scode = static_cast<HRESULT>(0x80041234L);
  return S_OK;
}

class Busy : public IDispatch {
 public:
  Busy() { ++g_objects; }
  virtual ~Busy() {
    --g_objects;
    ObjectGone();
  }

  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (!out) return E_POINTER;
    if (iid == IID_IUnknown || iid == IID_IDispatch) {
      *out = static_cast<IDispatch*>(this);
      AddRef();
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  ULONG STDMETHODCALLTYPE AddRef() override { return ++refs_; }
  ULONG STDMETHODCALLTYPE Release() override {
    const ULONG n = --refs_;
    if (n == 0) delete this;
    return n;
  }
  HRESULT STDMETHODCALLTYPE GetTypeInfoCount(UINT* n) override {
    *n = 0;
    return S_OK;
  }
  HRESULT STDMETHODCALLTYPE GetTypeInfo(UINT, LCID, ITypeInfo**) override { return DISP_E_BADINDEX; }
  HRESULT STDMETHODCALLTYPE GetIDsOfNames(REFIID, LPOLESTR* names, UINT count, LCID, DISPID* ids) override {
    static const struct { const wchar_t* name; DISPID id; } kMembers[] = {
        {L"Reject", kReject}, {L"RejectWith", kRejectWith}, {L"Pings", kPings},
        {L"Ping", kPing},     {L"Raise", kRaise},           {L"Typed", kTyped},
        {L"ProcessId", kProcessId}, {L"Die", kDie},       {L"Fail", kFail},
    };
    HRESULT hr = S_OK;
    for (UINT i = 0; i < count; ++i) {
      ids[i] = DISPID_UNKNOWN;
      if (i == 0)
        for (const auto& m : kMembers)
          if (_wcsicmp(names[0], m.name) == 0) ids[0] = m.id;
      if (ids[i] == DISPID_UNKNOWN) hr = DISP_E_UNKNOWNNAME;  // no member takes named arguments
    }
    return hr;
  }
  HRESULT STDMETHODCALLTYPE Invoke(DISPID id, REFIID, LCID, WORD flags, DISPPARAMS* params, VARIANT* result,
                                   EXCEPINFO* exception, UINT* arg_error) override {
    const bool put = (flags & DISPATCH_PROPERTYPUT) != 0;
    switch (id) {
      case kReject:
      case kRejectWith: {
        if (!put || params->cArgs != 1) return DISP_E_MEMBERNOTFOUND;
        VARIANT v;
        VariantInit(&v);
        if (FAILED(VariantChangeType(&v, &params->rgvarg[0], 0, VT_I4))) return DISP_E_TYPEMISMATCH;
        if (id == kReject) reject_ = v.lVal;
        else with_ = v.lVal == 1 ? static_cast<HRESULT>(0x8001010AL) : RPC_E_CALL_REJECTED;
        return S_OK;
      }
      case kPings:
        if (put) return DISP_E_MEMBERNOTFOUND;
        if (result) {
          result->vt = VT_I4;
          result->lVal = pings_;
        }
        return S_OK;
      case kPing:
        ++pings_;
        if (reject_ != 0) {
          if (reject_ > 0) --reject_;
          return with_;
        }
        if (result) {
          result->vt = VT_BSTR;
          result->bstrVal = SysAllocString(L"pong");
        }
        return S_OK;
      case kRaise:
        if (!exception) return E_FAIL;
        *exception = EXCEPINFO{};
        exception->pfnDeferredFillIn = FillIn;
        return DISP_E_EXCEPTION;
      case kTyped:
        if (arg_error) *arg_error = 0;
        return DISP_E_TYPEMISMATCH;
      case kProcessId:
        if (result) {
          result->vt = VT_I4;
          result->lVal = static_cast<LONG>(GetCurrentProcessId());
        }
        return S_OK;
      case kFail: {
        if (params->cArgs != 1 || params->rgvarg[0].vt != VT_I4) return DISP_E_BADPARAMCOUNT;
        return static_cast<HRESULT>(params->rgvarg[0].lVal);
      }
      case kDie:
        ExitProcess(3);
      default:
        return DISP_E_MEMBERNOTFOUND;
    }
  }

 private:
  std::atomic<ULONG> refs_{1};
  long reject_ = 0;
  long pings_ = 0;
  HRESULT with_ = RPC_E_CALL_REJECTED;
};

class Factory : public IClassFactory {
 public:
  HRESULT STDMETHODCALLTYPE QueryInterface(REFIID iid, void** out) override {
    if (!out) return E_POINTER;
    if (iid == IID_IUnknown || iid == IID_IClassFactory) {
      *out = static_cast<IClassFactory*>(this);
      return S_OK;
    }
    *out = nullptr;
    return E_NOINTERFACE;
  }
  // A static object: its references are not counted.
  ULONG STDMETHODCALLTYPE AddRef() override { return 2; }
  ULONG STDMETHODCALLTYPE Release() override { return 1; }
  HRESULT STDMETHODCALLTYPE CreateInstance(IUnknown* outer, REFIID iid, void** out) override {
    if (outer) return CLASS_E_NOAGGREGATION;
    Busy* busy = new Busy;
    HRESULT hr = busy->QueryInterface(iid, out);
    busy->Release();
    return hr;
  }
  HRESULT STDMETHODCALLTYPE LockServer(BOOL) override { return S_OK; }
};

Factory g_factory;

}  // namespace

#ifdef LAM_BUSY_SERVER_EXE

// COM starts the server with -Embedding; it registers its class object and serves until its last object goes (or,
// should a client never come, for at most two minutes).
int WINAPI WinMain(HINSTANCE, HINSTANCE, LPSTR, int) {
  if (FAILED(CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED))) return 1;
  DWORD cookie = 0;
  if (FAILED(CoRegisterClassObject(kClsid, &g_factory, CLSCTX_LOCAL_SERVER, REGCLS_MULTIPLEUSE, &cookie))) {
    CoUninitialize();
    return 2;
  }
  SetTimer(nullptr, 0, 120000, nullptr);
  MSG msg;
  while (GetMessageW(&msg, nullptr, 0, 0) > 0) {
    if (msg.message == WM_TIMER) break;
    DispatchMessageW(&msg);
  }
  CoRevokeClassObject(cookie);
  CoUninitialize();
  return 0;
}

#else

extern "C" HRESULT STDMETHODCALLTYPE DllGetClassObject(REFCLSID clsid, REFIID iid, void** out) {
  if (clsid != kClsid) return CLASS_E_CLASSNOTAVAILABLE;
  return g_factory.QueryInterface(iid, out);
}

extern "C" HRESULT STDMETHODCALLTYPE DllCanUnloadNow() { return g_objects == 0 ? S_OK : S_FALSE; }

#endif
