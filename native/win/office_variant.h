// VARIANT marshalling for the COM office backend (docs/OFFICE.md "Values"): the seam's JSON-like values into
// the VARIANTs IDispatch::Invoke takes, and the VARIANTs it returns back into values. Objects cross as handles
// (win/office_handles.h). Every VARIANT, BSTR and SAFEARRAY made here is freed on every path: a conversion that
// fails halfway leaves nothing behind.
#pragma once

#include <string>

#include "win/uia_headers.h"

#include "core/office_value.h"
#include "win/office_handles.h"

namespace lam::win {

// A VARIANT owned by the scope: VariantInit on entry, VariantClear on exit.
class OwnedVariant {
 public:
  OwnedVariant() { VariantInit(&v_); }
  ~OwnedVariant() { VariantClear(&v_); }
  OwnedVariant(const OwnedVariant&) = delete;
  OwnedVariant& operator=(const OwnedVariant&) = delete;
  VARIANT* get() { return &v_; }
  const VARIANT& operator*() const { return v_; }
  // Hands the VARIANT over (to a DISPPARAMS array or a SAFEARRAY that now owns it) and leaves VT_EMPTY here.
  VARIANT release() {
    VARIANT out = v_;
    VariantInit(&v_);
    return out;
  }

 private:
  VARIANT v_;
};

// UTF-8 -> UTF-16 (the parser already refused NULs and invalid UTF-8 cannot reach here from a JS string).
std::wstring Utf16(const std::string& text);

// value -> *out (VariantInit'ed by the caller; on success the caller owns the result). `where` names the value in
// messages ("args[1]", "the value", "named argument FileName"). Throws INVALID_ARGUMENT for what COM cannot take
// (a UNO $struct, an unknown $type, a value out of its $type's range) and ELEMENT_STALE for an unknown handle.
void ToVariant(const core::OfficeValue& value, OfficeHandles& handles, const std::string& where, VARIANT* out);

// A returned VARIANT -> value (not consumed: objects in it are registered with references of their own). VT_BYREF
// is followed, numbers of every width become numbers, VT_DATE {"$type":"date"}, VT_ERROR {"$error"}, objects
// handles (a null object null), SAFEARRAYs of any dimension and lower bounds nested arrays, row-major.
core::OfficeValue FromVariant(const VARIANT& value, OfficeHandles& handles);

}  // namespace lam::win
