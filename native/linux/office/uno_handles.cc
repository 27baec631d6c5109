#include "linux/office/uno_handles.h"

#include <atomic>
#include <string>

#include <com/sun/star/lang/DisposedException.hpp>
#include <com/sun/star/lang/XTypeProvider.hpp>
#include <com/sun/star/uno/RuntimeException.hpp>

#include "core/native_error.h"
#include "linux/office/uno_profile.h"

namespace lam::uno {
namespace {

std::atomic<int64_t> next_id{1};

}  // namespace

HandleRegistry::HandleRegistry()
    : by_id_(std::make_unique<std::unordered_map<int64_t, Entry>>()),
      by_identity_(std::make_unique<std::unordered_map<css::uno::XInterface*, int64_t>>()) {}

HandleRegistry::~HandleRegistry() {
  (void)by_id_.release();
  (void)by_identity_.release();
}

int64_t HandleRegistry::Register(const css::uno::Reference<css::uno::XInterface>& object, const css::uno::Any* as) {
  // A UNO object's identity is the pointer of its XInterface (queried, not the interface it came as); the URP
  // bridge gives one proxy per remote object and interface while any reference to it lives, and the registry
  // holds one.
  css::uno::Reference<css::uno::XInterface> identity(object, css::uno::UNO_QUERY);
  if (!identity.is()) identity = object;
  auto found = by_identity_->find(identity.get());
  const int64_t id = found != by_identity_->end() ? found->second : next_id.fetch_add(1);
  if (found == by_identity_->end()) {
    Entry entry;
    entry.object = identity;
    (*by_id_)[id] = std::move(entry);
    (*by_identity_)[identity.get()] = id;
  }
  // XInterface itself declares nothing a call could use; a handful of types per object is all an API hands out.
  if (as != nullptr && as->getValueTypeClass() == css::uno::TypeClass_INTERFACE &&
      as->getValueType() != cppu::UnoType<css::uno::XInterface>::get()) {
    std::vector<css::uno::Any>& known = (*by_id_)[id].interfaces;
    bool seen = false;
    for (const css::uno::Any& k : known) seen = seen || k.getValueType() == as->getValueType();
    if (!seen && known.size() < 8) known.push_back(*as);
  }
  return id;
}

HandleRegistry::Entry& HandleRegistry::Find(int64_t id) {
  auto found = by_id_->find(id);
  if (found == by_id_->end())
    throw core::NativeError(core::ErrorCode::ElementStale,
                            "office handle " + std::to_string(id) +
                                " is not known: it was released, or belongs to an earlier connection or office thread");
  return found->second;
}

const css::uno::Reference<css::script::XInvocation>& HandleRegistry::Invocation(int64_t id) {
  Entry& entry = Find(id);
  if (!entry.invocation.is()) {
    const Profile::Clock::time_point start = Profile::Clock::now();
    const css::uno::Any object(entry.object);
    // The Invocation service is a factory: the adapter for one object comes from its XSingleServiceFactory,
    // which the IDL marks deprecated though it is the service's only interface (css::script::Invocation::create
    // returns it); the service manager's createInstanceWithArguments would make another factory instead.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
    entry.invocation.set(GetRuntime().invocation->createInstanceWithArguments(css::uno::Sequence<css::uno::Any>(&object, 1)),
                         css::uno::UNO_QUERY_THROW);
#pragma GCC diagnostic pop
    ++Profile::adapters;
    Profile::adapter_ms += Profile::Ms(start);
  }
  return entry.invocation;
}

const css::uno::Any* HandleRegistry::DirectTarget(int64_t id, const rtl::OUString& name, const DirectMethod** method) {
  Entry& entry = Find(id);
  for (const css::uno::Any& as : entry.interfaces)
    if ((*method = FindDirectMethod(as.getValueType(), name)) != nullptr) return &as;
  if (!entry.asked_types) {
    entry.asked_types = true;
    try {
      css::uno::Reference<css::lang::XTypeProvider> types(entry.object, css::uno::UNO_QUERY);
      if (types.is()) {
        const css::uno::Sequence<css::uno::Type> listed = types->getTypes();
        entry.offered.assign(listed.begin(), listed.end());
      }
    } catch (const css::lang::DisposedException&) {
      throw;  // the bridge is gone: APP_NOT_RUNNING, as the adapter's introspection would answer
    } catch (const css::uno::RuntimeException&) {
      entry.offered.clear();  // an object that cannot list its types: the adapter decides
    }
  }
  for (const css::uno::Type& type : entry.offered) {
    if (type == cppu::UnoType<css::uno::XInterface>::get()) continue;
    const DirectMethod* found = FindDirectMethod(type, name);
    if (found == nullptr) continue;
    css::uno::Any as = entry.object->queryInterface(type);
    if (as.getValueTypeClass() != css::uno::TypeClass_INTERFACE ||
        *static_cast<css::uno::XInterface* const*>(as.getValue()) == nullptr)
      continue;
    entry.interfaces.push_back(as);
    *method = found;
    return &entry.interfaces.back();
  }
  *method = nullptr;
  return nullptr;
}

void HandleRegistry::Recheck(int64_t id) {
  Entry& entry = Find(id);
  css::uno::Reference<css::lang::XTypeProvider> types(entry.object, css::uno::UNO_QUERY);
  if (types.is()) (void)types->getTypes();
  entry.invocation.clear();
}

void HandleRegistry::Release(int64_t id) {
  auto found = by_id_->find(id);
  if (found == by_id_->end()) return;
  by_identity_->erase(found->second.object.get());
  by_id_->erase(found);
}

}  // namespace lam::uno
