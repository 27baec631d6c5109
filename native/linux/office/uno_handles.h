// The handle registry of one backend instance (docs/OFFICE.md "Values"): the UNO objects JS names by number.
// Ids are unique in the process and never reused (one counter for every instance), so a handle from a retired
// thread's backend or an earlier connection is never mistaken for a live object; the same object (by its
// XInterface identity) keeps its handle while registered.
#pragma once

#include <com/sun/star/script/XInvocation.hpp>
#include <com/sun/star/uno/XInterface.hpp>

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "linux/office/uno_direct.h"
#include "linux/office/uno_runtime.h"

namespace lam::uno {

class HandleRegistry {
 public:
  struct Entry {
    css::uno::Reference<css::uno::XInterface> object;
    css::uno::Reference<css::script::XInvocation> invocation;  // made on the first op the direct path cannot take
    // The object as each interface type it came back as (an Any of that interface type): the types whose
    // methods a call can reach without the adapter (uno_direct.h).
    std::vector<css::uno::Any> interfaces;
    // The interface types the object itself lists (XTypeProvider::getTypes), asked once, when a call names a
    // method none of `interfaces` declares; empty until then, and when the object lists none.
    bool asked_types = false;
    std::vector<css::uno::Type> offered;
  };

  HandleRegistry();
  ~HandleRegistry();  // leaks what it holds (see Abandon)

  // The handle of `object` (not null), registering it when new. `as` (optional): the object as the interface
  // type it came as, remembered for direct calls.
  int64_t Register(const css::uno::Reference<css::uno::XInterface>& object, const css::uno::Any* as = nullptr);
  // The live entry, or throws NativeError(ELEMENT_STALE) naming the handle.
  Entry& Find(int64_t id);
  // The object's Invocation adapter (created once per handle through the runtime's factory).
  const css::uno::Reference<css::script::XInvocation>& Invocation(int64_t id);
  // The object as an interface type that declares method `name` and allows the direct call (uno_direct.h),
  // with that method; nullptr when there is none (the caller then goes through the adapter). Looks among the
  // types the object came as first, then among those it lists itself (asked once: two remote calls, and one
  // queryInterface per interface first used this way).
  const css::uno::Any* DirectTarget(int64_t id, const rtl::OUString& name, const DirectMethod** method);
  // Before a "no such member" answer: asks the object itself for its types (a remote call, so a dead or dying
  // connection throws DisposedException here, which callers turn into APP_NOT_RUNNING) and drops the cached
  // adapter, so the next Invocation(id) introspects afresh. An adapter made while the bridge was being disposed
  // introspects nothing and would otherwise call every member missing (seen when soffice resumes after SIGSTOP).
  void Recheck(int64_t id);
  // Idempotent: an unknown id is no error.
  void Release(int64_t id);
  size_t size() const { return by_id_->size(); }

 private:
  // Held through pointers so that the destructor can leak them: releasing a proxy is a message to soffice,
  // and a backend is destroyed when its thread retires (soffice may hang) or at process exit (UNO may be half
  // torn down). soffice frees its side when the connection closes.
  std::unique_ptr<std::unordered_map<int64_t, Entry>> by_id_;
  std::unique_ptr<std::unordered_map<css::uno::XInterface*, int64_t>> by_identity_;
};

}  // namespace lam::uno
