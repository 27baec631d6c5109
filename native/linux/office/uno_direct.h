// Direct calls (docs/OFFICE.md "How lam_uno.so talks UNO"): a method that an interface type the object came as
// declares is called through core reflection (XIdlMethod::invoke on that interface), without an Invocation
// adapter. The method tables come from the type library, built once per interface type for the process. A
// name no known interface declares still goes through the object's Invocation adapter, which sees every
// interface, property and name-access element the object has.
#pragma once

#include <com/sun/star/reflection/XIdlMethod.hpp>
#include <com/sun/star/uno/Any.hxx>
#include <com/sun/star/uno/Type.hxx>

#include <vector>

#include "linux/office/uno_runtime.h"

namespace lam::uno {

struct DirectMethod {
  css::uno::Reference<css::reflection::XIdlMethod> method;
  std::vector<css::uno::Type> params;  // every parameter is `in` (a method with out params is not listed)
};

// The method `name` of interface `type` (its bases included), or nullptr: unknown name, one of XInterface's
// own members (queryInterface, acquire, release, which Invocation does not offer either), or a method with
// out or in-out parameters (left to the adapter). Thread-safe; the result lives as long as the process.
const DirectMethod* FindDirectMethod(const css::uno::Type& type, const rtl::OUString& name);

}  // namespace lam::uno
