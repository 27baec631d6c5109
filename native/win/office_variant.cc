#include "win/office_variant.h"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <vector>

#include "core/native_error.h"
#include "win/office_errors.h"
#include "win/uia_session.h"

namespace lam::win {
namespace {

using core::ErrorCode;
using core::NativeError;
using core::OfficeValue;

// Deeper than any real argument (the parser allows 32 levels); also stops a VT_BYREF chain that loops.
constexpr int kMaxDepth = 64;
// A returned array larger than this is refused rather than turned into a JSON text of gigabytes.
constexpr double kMaxArrayElements = 10'000'000;

[[noreturn]] void Invalid(const std::string& where, const std::string& what) {
  throw NativeError(ErrorCode::InvalidArgument, where + " " + what);
}

// The $type names of docs/OFFICE.md "Values" and their VARIANT types.
bool TypeOf(const std::string& name, VARTYPE* vt) {
  static const struct { const char* name; VARTYPE vt; } kTypes[] = {
      {"i2", VT_I2}, {"i4", VT_I4}, {"r4", VT_R4}, {"r8", VT_R8},
      {"cy", VT_CY}, {"date", VT_DATE}, {"bstr", VT_BSTR}, {"bool", VT_BOOL},
  };
  for (const auto& t : kTypes)
    if (name == t.name) {
      *vt = t.vt;
      return true;
    }
  return false;
}

// A value's rows when it is an array of equal-length arrays none of whose items is an array: a 2-D SAFEARRAY.
bool IsMatrix(const OfficeValue& value) {
  if (value.items.empty()) return false;
  const size_t columns = value.items.front().items.size();
  for (const OfficeValue& row : value.items) {
    if (row.kind != OfficeValue::Kind::Array || row.items.size() != columns) return false;
    for (const OfficeValue& cell : row.items)
      if (cell.kind == OfficeValue::Kind::Array) return false;
  }
  return true;
}

void Fill(const OfficeValue& value, OfficeHandles& handles, const std::string& where, VARIANT* out, int depth);

// A SAFEARRAY of VARIANT whose elements are filled in place: SafeArrayDestroy clears whatever was filled when a
// later element fails. Column-major, as SAFEARRAYs are stored (Microsoft Learn, "Array Manipulation Functions":
// the left-most dimension changes first): element (row r, column c) of rows x columns is at r + c * rows.
void FillArray(const OfficeValue& value, OfficeHandles& handles, const std::string& where, VARIANT* out, int depth) {
  const bool matrix = IsMatrix(value);
  const ULONG rows = static_cast<ULONG>(value.items.size());
  const ULONG columns = matrix ? static_cast<ULONG>(value.items.front().items.size()) : 1;
  SAFEARRAY* array = nullptr;
  if (matrix) {
    // SafeArrayCreate takes the bounds left-most dimension first (dimension 1: the rows).
    SAFEARRAYBOUND bounds[2] = {{rows, 0}, {columns, 0}};
    array = SafeArrayCreate(VT_VARIANT, 2, bounds);
  } else {
    array = SafeArrayCreateVector(VT_VARIANT, 0, rows);
  }
  if (!array) throw NativeError(ErrorCode::Internal, where + ": SafeArrayCreate failed (out of memory)");
  VARIANT* data = nullptr;
  HRESULT hr = SafeArrayAccessData(array, reinterpret_cast<void**>(&data));
  if (FAILED(hr)) {
    SafeArrayDestroy(array);
    throw OfficeComError(hr, where + ": SafeArrayAccessData");
  }
  try {
    for (ULONG r = 0; r < rows; ++r) {
      const std::string at = where + "[" + std::to_string(r) + "]";
      if (!matrix) {
        Fill(value.items[r], handles, at, &data[r], depth + 1);
        continue;
      }
      for (ULONG c = 0; c < columns; ++c)
        Fill(value.items[r].items[c], handles, at + "[" + std::to_string(c) + "]", &data[r + c * rows], depth + 2);
    }
  } catch (...) {
    SafeArrayUnaccessData(array);
    SafeArrayDestroy(array);
    throw;
  }
  SafeArrayUnaccessData(array);
  out->vt = VT_ARRAY | VT_VARIANT;
  out->parray = array;
}

void FillTagged(const OfficeValue& value, OfficeHandles& handles, const std::string& where, VARIANT* out, int depth) {
  const std::string tag(value.tag());
  const OfficeValue& first = value.fields.front().second;
  if (tag == "$handle") {
    const double n = first.kind == OfficeValue::Kind::Number ? first.number : -1;
    OfficeHandles::Entry* entry = n >= 0 && n == std::floor(n) ? handles.Find(static_cast<int64_t>(n)) : nullptr;
    if (!entry) {
      throw NativeError(ErrorCode::ElementStale,
                        where + ": office handle " + (first.kind == OfficeValue::Kind::Number ? std::to_string(static_cast<long long>(n)) : "?") +
                            " is not known: it was released, or belongs to an earlier connection or a retired office thread");
    }
    if (entry->dispatch) {
      entry->dispatch->AddRef();
      out->vt = VT_DISPATCH;
      out->pdispVal = entry->dispatch;
    } else {
      entry->identity->AddRef();
      out->vt = VT_UNKNOWN;
      out->punkVal = entry->identity;
    }
    return;
  }
  if (tag == "$type") {
    if (first.kind != OfficeValue::Kind::String) Invalid(where, "has a $type that is not a string");
    if (first.string == "missing") {
      // An omitted optional argument, as VB passes one (Microsoft Learn, "IDispatch::Invoke": "optional
      // parameters ... VT_ERROR with scode DISP_E_PARAMNOTFOUND").
      out->vt = VT_ERROR;
      out->scode = DISP_E_PARAMNOTFOUND;
      return;
    }
    VARTYPE vt = VT_EMPTY;
    if (!TypeOf(first.string, &vt))
      Invalid(where, "has the $type '" + first.string + "', which COM does not take (i2 i4 r4 r8 cy date bstr bool missing)");
    const OfficeValue* inner = value.field("value");
    if (!inner || inner->kind == OfficeValue::Kind::Array || inner->kind == OfficeValue::Kind::Object ||
        inner->kind == OfficeValue::Kind::Null)
      Invalid(where, "{$type: '" + first.string + "'} needs a boolean, number or string value");
    OwnedVariant plain;
    Fill(*inner, handles, where, plain.get(), depth + 1);
    // The invariant locale: "1.5" means 1.5 whatever the user's decimal separator is.
    HRESULT hr = VariantChangeTypeEx(plain.get(), plain.get(), LOCALE_INVARIANT, 0, vt);
    if (hr == DISP_E_OVERFLOW) Invalid(where, "is out of the range of " + first.string + " (DISP_E_OVERFLOW)");
    if (FAILED(hr)) Invalid(where, "cannot be converted to " + first.string + " (" + OfficeHresultHex(hr) + ")");
    *out = plain.release();
    return;
  }
  if (tag == "$error") Invalid(where, "is an {$error}, which only comes back from COM (a VT_ERROR result)");
  if (tag == "$struct" || tag == "$enum") Invalid(where, "is a UNO " + tag + ", which has no COM form");
  Invalid(where, "has the tag " + tag + ", which COM does not take here");
}

void Fill(const OfficeValue& value, OfficeHandles& handles, const std::string& where, VARIANT* out, int depth) {
  if (depth > kMaxDepth) Invalid(where, "is nested too deeply");
  switch (value.kind) {
    case OfficeValue::Kind::Null:
      out->vt = VT_EMPTY;
      return;
    case OfficeValue::Kind::Bool:
      out->vt = VT_BOOL;
      out->boolVal = value.boolean ? VARIANT_TRUE : VARIANT_FALSE;
      return;
    case OfficeValue::Kind::Number: {
      const double d = value.number;
      // An integer in the int32 range is VT_I4 (what a VB literal is), any other number VT_R8; the server
      // coerces to the declared type.
      if (d == std::floor(d) && d >= -2147483648.0 && d <= 2147483647.0 && !(d == 0 && std::signbit(d))) {
        out->vt = VT_I4;
        out->lVal = static_cast<LONG>(d);
      } else {
        out->vt = VT_R8;
        out->dblVal = d;
      }
      return;
    }
    case OfficeValue::Kind::String: {
      const std::wstring w = Utf16(value.string);
      BSTR b = SysAllocStringLen(w.data(), static_cast<UINT>(w.size()));
      if (!b) throw NativeError(ErrorCode::Internal, where + ": SysAllocStringLen failed (out of memory)");
      out->vt = VT_BSTR;
      out->bstrVal = b;
      return;
    }
    case OfficeValue::Kind::Array:
      FillArray(value, handles, where, out, depth);
      return;
    case OfficeValue::Kind::Object:
      if (value.tag().empty())
        Invalid(where, "is a plain object, which COM has no form for (pass a scalar, an array, a handle or a {$type})");
      FillTagged(value, handles, where, out, depth);
      return;
  }
}

OfficeValue Read(const VARIANT& v, OfficeHandles& handles, int depth);

// One element of a SAFEARRAY as a VARIANT that borrows it (never cleared: the array owns what it points to).
OfficeValue ReadElement(const char* p, VARTYPE vt, ULONG size, OfficeHandles& handles, int depth) {
  if (vt == VT_VARIANT) return Read(*reinterpret_cast<const VARIANT*>(p), handles, depth + 1);
  VARIANT view;
  VariantInit(&view);
  if (vt == VT_DECIMAL) {
    // DECIMAL fills the whole VARIANT (its first word overlays vt): copy it, then set vt.
    std::memcpy(&view.decVal, p, sizeof(DECIMAL));
    view.vt = VT_DECIMAL;
  } else {
    if (size > sizeof(view.llVal))
      throw NativeError(ErrorCode::InvalidOperation, "a SAFEARRAY of VARIANT type " + std::to_string(vt) + " cannot be read");
    std::memcpy(&view.llVal, p, size);
    view.vt = vt;
  }
  return Read(view, handles, depth + 1);
}

OfficeValue ReadArray(SAFEARRAY* array, VARTYPE vt, OfficeHandles& handles, int depth) {
  if (!array) return OfficeValue::Null();
  if (vt == VT_RECORD) throw NativeError(ErrorCode::InvalidOperation, "a SAFEARRAY of records (VT_RECORD) has no JSON form");
  const UINT dims = SafeArrayGetDim(array);
  if (dims == 0) return OfficeValue::Array({});
  // Dimension 1 is the left-most (SafeArrayGetLBound's nDim): the outermost JS array, so an Excel Range's
  // Value (rows, columns) reads row-major, whatever its lower bounds (Excel's are 1).
  std::vector<LONG> count(dims);
  std::vector<size_t> stride(dims);
  double total = 1;
  for (UINT d = 0; d < dims; ++d) {
    LONG lower = 0, upper = -1;
    if (FAILED(SafeArrayGetLBound(array, d + 1, &lower)) || FAILED(SafeArrayGetUBound(array, d + 1, &upper)))
      throw NativeError(ErrorCode::InvalidOperation, "a returned SAFEARRAY has unreadable bounds");
    count[d] = upper >= lower ? upper - lower + 1 : 0;
    // Column-major storage: the left-most dimension changes first.
    stride[d] = d == 0 ? 1 : stride[d - 1] * static_cast<size_t>(count[d - 1]);
    total *= count[d];
  }
  if (total > kMaxArrayElements)
    throw NativeError(ErrorCode::InvalidOperation, "a returned SAFEARRAY has more than 10,000,000 elements");
  const ULONG size = SafeArrayGetElemsize(array);
  char* data = nullptr;
  HRESULT hr = SafeArrayAccessData(array, reinterpret_cast<void**>(&data));
  if (FAILED(hr)) throw OfficeComError(hr, "SafeArrayAccessData");
  struct Unaccess {
    SAFEARRAY* a;
    ~Unaccess() { SafeArrayUnaccessData(a); }
  } unaccess{array};
  // Dimension d's items, at `offset` elements into the data.
  auto build = [&](auto& self, UINT d, size_t offset) -> OfficeValue {
    std::vector<OfficeValue> items;
    items.reserve(static_cast<size_t>(count[d]));
    for (LONG i = 0; i < count[d]; ++i) {
      const size_t at = offset + static_cast<size_t>(i) * stride[d];
      items.push_back(d + 1 == dims ? ReadElement(data + at * size, vt, size, handles, depth) : self(self, d + 1, at));
    }
    return OfficeValue::Array(std::move(items));
  };
  return build(build, 0, 0);
}

OfficeValue Date(double d) { return OfficeValue::Object({{"$type", OfficeValue::String("date")}, {"value", OfficeValue::Number(d)}}); }

OfficeValue Read(const VARIANT& v, OfficeHandles& handles, int depth) {
  if (depth > kMaxDepth) throw NativeError(ErrorCode::InvalidOperation, "a returned VARIANT is nested too deeply");
  if (v.vt & VT_BYREF) {
    if ((v.vt & ~VT_BYREF) == VT_VARIANT) return v.pvarVal ? Read(*v.pvarVal, handles, depth + 1) : OfficeValue::Null();
    OwnedVariant copy;
    // const_cast: mingw-w64 declares the source non-const (the Windows SDK: const); it is only read.
    HRESULT hr = VariantCopyInd(copy.get(), const_cast<VARIANT*>(&v));
    if (FAILED(hr)) throw OfficeComError(hr, "VariantCopyInd of a VT_BYREF result");
    return Read(*copy, handles, depth + 1);
  }
  if (v.vt & VT_ARRAY) return ReadArray(v.parray, static_cast<VARTYPE>(v.vt & VT_TYPEMASK), handles, depth);
  switch (v.vt) {
    case VT_EMPTY:
    case VT_NULL: return OfficeValue::Null();
    case VT_I1: return OfficeValue::Number(v.cVal);
    case VT_UI1: return OfficeValue::Number(v.bVal);
    case VT_I2: return OfficeValue::Number(v.iVal);
    case VT_UI2: return OfficeValue::Number(v.uiVal);
    case VT_I4: return OfficeValue::Number(v.lVal);
    case VT_UI4: return OfficeValue::Number(v.ulVal);
    case VT_INT: return OfficeValue::Number(v.intVal);
    case VT_UINT: return OfficeValue::Number(v.uintVal);
    // 64-bit integers beyond 2^53 lose their low bits, as in JS.
    case VT_I8: return OfficeValue::Number(static_cast<double>(v.llVal));
    case VT_UI8: return OfficeValue::Number(static_cast<double>(v.ullVal));
    case VT_R4: return OfficeValue::Number(v.fltVal);
    case VT_R8: return OfficeValue::Number(v.dblVal);
    // CY is a 64-bit integer scaled by 10,000 (Microsoft Learn, "CY").
    case VT_CY: return OfficeValue::Number(static_cast<double>(v.cyVal.int64) / 10000.0);
    case VT_DECIMAL: {
      double d = 0;
      HRESULT hr = VarR8FromDec(const_cast<DECIMAL*>(&v.decVal), &d);  // read only (see VariantCopyInd)
      if (FAILED(hr)) throw OfficeComError(hr, "VarR8FromDec of a VT_DECIMAL result");
      return OfficeValue::Number(d);
    }
    case VT_BOOL: return OfficeValue::Bool(v.boolVal != VARIANT_FALSE);
    case VT_BSTR: return OfficeValue::String(Utf8(v.bstrVal));
    case VT_DATE: return Date(v.date);
    case VT_ERROR: return OfficeValue::Object({{"$error", OfficeValue::Number(static_cast<double>(v.scode))}});
    case VT_DISPATCH:
      return v.pdispVal ? OfficeValue::Handle(handles.Register(v.pdispVal)) : OfficeValue::Null();
    case VT_UNKNOWN:
      return v.punkVal ? OfficeValue::Handle(handles.Register(v.punkVal)) : OfficeValue::Null();
    default: {
      char buf[8];
      std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(v.vt));
      throw NativeError(ErrorCode::InvalidOperation, std::string("a returned VARIANT of type ") + buf + " has no JSON form");
    }
  }
}

}  // namespace

std::wstring Utf16(const std::string& text) {
  if (text.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), nullptr, 0);
  std::wstring out(n > 0 ? static_cast<size_t>(n) : 0, L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, text.data(), static_cast<int>(text.size()), &out[0], n);
  return out;
}

void ToVariant(const OfficeValue& value, OfficeHandles& handles, const std::string& where, VARIANT* out) {
  OwnedVariant made;
  Fill(value, handles, where, made.get(), 0);
  *out = made.release();
}

OfficeValue FromVariant(const VARIANT& value, OfficeHandles& handles) { return Read(value, handles, 0); }

}  // namespace lam::win
