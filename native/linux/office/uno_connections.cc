#include "linux/office/uno_connections.h"

#include <com/sun/star/lang/XComponent.hpp>
#include <com/sun/star/lang/XEventListener.hpp>
#include <cppuhelper/exc_hlp.hxx>
#include <cppuhelper/implbase1.hxx>

#include <vector>

#include "core/native_error.h"
#include "linux/office/uno_errors.h"

namespace lam::uno {
namespace {

// What com.sun.star.bridge.UnoUrlResolver does (connector + bridge factory), done here by hand so that the
// backend holds the XBridge and hears when it is disposed; the resolver hands out only the remote object.
class DeathWatch : public cppu::WeakImplHelper1<css::lang::XEventListener> {
 public:
  explicit DeathWatch(std::shared_ptr<std::atomic<bool>> dead) : dead_(std::move(dead)) {}
  void SAL_CALL disposing(const css::lang::EventObject&) override { dead_->store(true); }

 private:
  std::shared_ptr<std::atomic<bool>> dead_;
};

rtl::OUString FromUtf8(const std::string& s) {
  return rtl::OUString(s.data(), static_cast<sal_Int32>(s.size()), RTL_TEXTENCODING_UTF8);
}

// "uno:<connection>;<protocol>;<object name>", the UNO URL grammar; the parts keep their own syntax.
std::vector<std::string> SplitUrl(const std::string& url) {
  const std::string prefix = "uno:";
  if (url.compare(0, prefix.size(), prefix) != 0)
    throw core::NativeError(core::ErrorCode::InvalidArgument,
                            "\"" + url + "\" is no UNO URL: uno:<connection>;<protocol>;<object name>, e.g. "
                                         "uno:pipe,name=lamb-1;urp;StarOffice.ComponentContext");
  std::vector<std::string> parts;
  size_t start = prefix.size();
  for (;;) {
    const size_t semi = url.find(';', start);
    parts.push_back(url.substr(start, semi == std::string::npos ? std::string::npos : semi - start));
    if (semi == std::string::npos) break;
    start = semi + 1;
  }
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty() || parts[2].empty())
    throw core::NativeError(core::ErrorCode::InvalidArgument,
                            "\"" + url + "\" is no UNO URL: it needs three parts, uno:<connection>;<protocol>;<object name>");
  return parts;
}

}  // namespace

Connections::Connections() : links_(std::make_unique<std::map<std::string, Link>>()) {}

Connections::~Connections() { (void)links_.release(); }

css::uno::Reference<css::uno::XInterface> Connections::Connect(const std::string& url, const core::Deadline&) {
  auto found = links_->find(url);
  if (found != links_->end()) {
    if (!found->second.dead->load()) return found->second.root;
    links_->erase(found);  // a dead bridge's proxies release locally: dropping it sends nothing
  }
  const std::vector<std::string> parts = SplitUrl(url);
  const Runtime& runtime = GetRuntime();
  Link link;
  link.dead = std::make_shared<std::atomic<bool>>(false);
  try {
    // A pipe or a loopback socket connects or fails at once (NoConnectException); UNO offers no connect timeout
    // to honour the deadline with, and a hung accept is the service's abandonment case.
    auto connection = runtime.connector->connect(FromUtf8(parts[0]));
    link.bridge = runtime.bridges->createBridge("", FromUtf8(parts[1]), connection, nullptr);
    css::uno::Reference<css::lang::XComponent> component(link.bridge, css::uno::UNO_QUERY_THROW);
    component->addEventListener(new DeathWatch(link.dead));
    link.root = link.bridge->getInstance(FromUtf8(parts[2]));
  } catch (const css::uno::Exception&) {
    throw FromUnoException(cppu::getCaughtException());
  }
  if (!link.root.is())
    throw core::NativeError(core::ErrorCode::TargetNotFound,
                            "the office at " + parts[0] + " exports no object named " + parts[2], "");
  (*links_)[url] = link;
  return link.root;
}

}  // namespace lam::uno
