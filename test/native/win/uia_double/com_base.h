// The double's COM plumbing: the Windows/UIA headers in one place, a reference count every double object
// shares, and Unimplemented(), which every method the backend is not expected to call answers (E_NOTIMPL,
// logged as "NOTIMPL <Interface.Method>" so a test sees an unexpected call).
#pragma once

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#ifndef UNICODE
#define UNICODE
#endif
#include <windows.h>
#include <ole2.h>
#include <oleacc.h>
#include <uiautomation.h>

#include <atomic>

namespace lam_double {

HRESULT Unimplemented(const char* method);

class RefCounted {
 public:
  virtual ~RefCounted() = default;

 protected:
  ULONG AddRefImpl() { return ++refs_; }
  ULONG ReleaseImpl() {
    ULONG left = --refs_;
    if (!left) delete this;
    return left;
  }
  // Interfaces beyond the class's own chain (IUIAutomation2 for the automation object).
  virtual HRESULT QueryMore(REFIID, void** out) {
    *out = nullptr;
    return E_NOINTERFACE;
  }

 private:
  std::atomic<ULONG> refs_{1};
};

}  // namespace lam_double
