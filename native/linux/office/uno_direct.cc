#include "linux/office/uno_direct.h"

#include <com/sun/star/reflection/XIdlClass.hpp>
#include <typelib/typedescription.hxx>

#include <memory>
#include <mutex>
#include <unordered_map>

namespace lam::uno {
namespace {

struct Table {
  std::unordered_map<rtl::OUString, DirectMethod, rtl::OUStringHash> methods;
};

// Interface type name -> its methods; never shrinks (the type library is fixed for the process).
std::mutex mutex;
std::unordered_map<rtl::OUString, std::unique_ptr<Table>, rtl::OUStringHash>& Tables() {
  static auto* tables = new std::unordered_map<rtl::OUString, std::unique_ptr<Table>, rtl::OUStringHash>();  // leaked with the runtime
  return *tables;
}

std::unique_ptr<Table> Build(const css::uno::Type& type) {
  auto table = std::make_unique<Table>();
  css::uno::TypeDescription td(type.getTypeLibType());
  if (!td.is()) return table;
  td.makeComplete();
  if (td.get()->eTypeClass != typelib_TypeClass_INTERFACE) return table;
  const auto* iface = reinterpret_cast<const typelib_InterfaceTypeDescription*>(td.get());
  for (sal_Int32 i = 0; i < iface->nAllMembers; ++i) {
    css::uno::TypeDescription member(iface->ppAllMembers[i]);
    if (!member.is()) continue;
    member.makeComplete();
    if (member.get()->eTypeClass != typelib_TypeClass_INTERFACE_METHOD) continue;
    const auto* method = reinterpret_cast<const typelib_InterfaceMethodTypeDescription*>(member.get());
    // XInterface's own three members: Invocation does not offer them either.
    if (rtl::OUString(member.get()->pTypeName).startsWith("com.sun.star.uno.XInterface::")) continue;
    DirectMethod entry;
    bool all_in = true;
    for (sal_Int32 p = 0; p < method->nParams; ++p) {
      if (method->pParams[p].bOut) all_in = false;
      entry.params.emplace_back(method->pParams[p].pTypeRef);
    }
    if (all_in) table->methods.emplace(rtl::OUString(method->aBase.pMemberName), std::move(entry));
  }
  return table;
}

}  // namespace

const DirectMethod* FindDirectMethod(const css::uno::Type& type, const rtl::OUString& name) {
  if (type.getTypeClass() != css::uno::TypeClass_INTERFACE) return nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  auto& tables = Tables();
  auto found = tables.find(type.getTypeName());
  if (found == tables.end()) found = tables.emplace(type.getTypeName(), Build(type)).first;
  auto method = found->second->methods.find(name);
  if (method == found->second->methods.end()) return nullptr;
  if (!method->second.method.is()) {
    // Core reflection's XIdlClass of the interface (local, cached by the reflection service itself).
    css::uno::Reference<css::reflection::XIdlClass> cls = GetRuntime().reflection->forName(type.getTypeName());
    if (cls.is()) method->second.method = cls->getMethod(name);
    if (!method->second.method.is()) return nullptr;
  }
  return &method->second;
}

}  // namespace lam::uno
