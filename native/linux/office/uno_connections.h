// The URP bridges of one backend instance: one per connection string, reused by every connect op that names
// it, dropped once it dies (soffice exited or crashed: the bridge disposes itself when its pipe closes), so
// the next connect makes a new one.
#pragma once

#include <com/sun/star/bridge/XBridge.hpp>
#include <com/sun/star/uno/XInterface.hpp>

#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "core/deadline.h"
#include "linux/office/uno_runtime.h"

namespace lam::uno {

class Connections {
 public:
  Connections();
  ~Connections();  // leaks the live bridges (uno_handles.h says why)

  // The object `url` names ("uno:pipe,name=X;urp;StarOffice.ComponentContext"), over the cached bridge while it
  // lives. Throws NativeError: INVALID_ARGUMENT for a malformed string, APP_NOT_RUNNING when nothing listens.
  css::uno::Reference<css::uno::XInterface> Connect(const std::string& url, const core::Deadline& deadline);

 private:
  struct Link {
    css::uno::Reference<css::bridge::XBridge> bridge;
    std::shared_ptr<std::atomic<bool>> dead;  // set by the bridge's disposing() on the bridge's own thread
    css::uno::Reference<css::uno::XInterface> root;
  };
  std::unique_ptr<std::map<std::string, Link>> links_;
};

}  // namespace lam::uno
