// IDispatch late binding for the COM office backend: members by name (GetIDsOfNames, cached per object type
// and name), IDispatch::Invoke with positional and named arguments, property get and put, busy servers retried
// (win/office_retry.h), failures mapped to the stable codes (win/office_errors.h). What pywin32's Dispatch does
// for UFO, in C++ on the office service's MTA thread.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "win/uia_headers.h"

#include "core/deadline.h"
#include "core/office_value.h"
#include "win/office_handles.h"

namespace lam::win {

using OfficeNamedArgs = std::vector<std::pair<std::string, core::OfficeValue>>;

class OfficeDispatch {
 public:
  explicit OfficeDispatch(OfficeHandles& handles) : handles_(handles) {}

  // A property get or a method call (DISPATCH_METHOD | DISPATCH_PROPERTYGET, as VB and pywin32 ask: many members
  // are one or the other depending on the server, and a parameterized property such as Excel's Range("A1") takes
  // arguments like a method).
  core::OfficeValue Invoke(OfficeHandles::Entry& object, const std::string& member, const std::vector<core::OfficeValue>& args,
                           const OfficeNamedArgs& named, const core::Deadline& deadline);
  // A property put (DISPATCH_PROPERTYPUT; PROPERTYPUTREF when the value is an object, VB's `Set`), with the
  // arguments of a parameterized property (Dictionary's Item(key) = value).
  void Put(OfficeHandles::Entry& object, const std::string& member, const std::vector<core::OfficeValue>& args,
           const OfficeNamedArgs& named, const core::OfficeValue& value, const core::Deadline& deadline);

  // Forgets the cached DISPIDs (when the apartment goes).
  void Clear() { ids_.clear(); }

 private:
  core::OfficeValue Run(OfficeHandles::Entry& object, const std::string& member, WORD flags, const std::vector<core::OfficeValue>& args,
                        const OfficeNamedArgs& named, const core::OfficeValue* value, const core::Deadline& deadline);
  // DISPIDs of the member and then of each named argument.
  std::vector<DISPID> Ids(OfficeHandles::Entry& object, const std::string& member, const OfficeNamedArgs& named,
                          const core::Deadline& deadline);
  const std::wstring& TypeOf(OfficeHandles::Entry& object);

  OfficeHandles& handles_;
  // Key: the object's type GUID, the member, the named arguments' names. DISPIDs are fixed per type for objects
  // described by type information (Microsoft Learn, IDispatch::GetIDsOfNames: "the member and parameter DISPIDs
  // must remain constant for the lifetime of the object"; the type library makes them the same for every object
  // of that type), so one GetIDsOfNames round trip per member and type, not per call.
  std::map<std::wstring, std::vector<DISPID>> ids_;
};

}  // namespace lam::win
