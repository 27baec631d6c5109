// JS values <-> UNO Anys (docs/OFFICE.md "Values"). In: integers in the int32 range become long, other
// numbers double, arrays sequence<any> (the Invocation adapter's type converter turns them into the declared
// sequence<T>), tagged objects structs, enums, typed scalars and registered objects. Out: every scalar plain,
// sequences as arrays, structs and enums tagged with their type names, interfaces as handles, void as null, a
// type as {"$type": "type"}. Struct fields are read and written through the type library's descriptions
// (base structs first), so every struct of the API works without generated code for it.
#pragma once

#include <com/sun/star/uno/Any.hxx>

#include <string>

#include "core/office_value.h"
#include "linux/office/uno_handles.h"

namespace lam::uno {

// Throw NativeError (INVALID_ARGUMENT for a value with no UNO meaning, ELEMENT_STALE for an unknown handle).
css::uno::Any ToAny(const core::OfficeValue& value, HandleRegistry& handles);
core::OfficeValue FromAny(const css::uno::Any& any, HandleRegistry& handles);
// `value` converted to exactly `type` by the runtime's type converter (int -> short, sequence<any> ->
// sequence<T>), as the Invocation adapter converts arguments; INVALID_ARGUMENT naming `where` when it cannot.
css::uno::Any ConvertTo(const css::uno::Any& value, const css::uno::Type& type, const std::string& where);

}  // namespace lam::uno
