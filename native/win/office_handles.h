// The COM office backend's handle registry (docs/OFFICE.md "Values"): the live objects JS names by number.
//
// - Numbers come from one process-wide counter, never reused: a handle of a retired office thread, of an earlier
//   connection or of another addon instance (a worker) is never mistaken for a new object; it is just unknown.
// - One object, one handle: an object is keyed by its IUnknown identity (QueryInterface(IID_IUnknown), the one
//   pointer COM guarantees the same for every interface of one object, Microsoft Learn "QueryInterface: Rules"),
//   so Dictionary.Item("k") read twice gives the same number, and JS can compare handles.
// - The registry holds one reference per object (the identity IUnknown and, when the object has one, its
//   IDispatch); release drops them. Objects belong to the office service thread's apartment (the MTA): they are
//   created, called and released on that thread only.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "win/uia_headers.h"

namespace lam::win {

class OfficeHandles {
 public:
  struct Entry {
    IUnknown* identity = nullptr;  // owned reference
    IDispatch* dispatch = nullptr;  // owned reference, or nullptr for an object without IDispatch
    // The object's type for the DISPID cache (ITypeInfo's GUID), read on first use; empty: no type information
    // (then DISPIDs are not cached: an IDispatchEx object may number its members per instance).
    bool type_read = false;
    std::wstring type;
  };

  OfficeHandles() = default;
  ~OfficeHandles() { Clear(); }
  OfficeHandles(const OfficeHandles&) = delete;
  OfficeHandles& operator=(const OfficeHandles&) = delete;

  // The handle of `object` (any interface of it; not consumed: the registry takes references of its own).
  // Throws INTERNAL when the object answers no IUnknown (a broken server).
  int64_t Register(IUnknown* object);
  // The entry of a handle, or nullptr when the handle is not (or no longer) known.
  Entry* Find(int64_t id);
  // Drops a handle; an unknown one is not an error (release is idempotent).
  void Release(int64_t id);
  // Releases every object (before the apartment is left).
  void Clear();
  size_t size() const { return entries_.size(); }

 private:
  std::map<int64_t, Entry> entries_;
  std::map<IUnknown*, int64_t> by_identity_;
};

}  // namespace lam::win
