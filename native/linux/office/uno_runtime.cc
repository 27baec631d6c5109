#include "linux/office/uno_runtime.h"

#include <com/sun/star/bridge/BridgeFactory.hpp>
#include <com/sun/star/connection/Connector.hpp>
#include <com/sun/star/reflection/theCoreReflection.hpp>
#include <com/sun/star/script/Converter.hpp>
#include <com/sun/star/script/Invocation.hpp>
#include <cppuhelper/bootstrap.hxx>
#include <rtl/bootstrap.hxx>

#include <cstdlib>
#include <mutex>
#include <string>

#include "core/native_error.h"

namespace lam::uno {
namespace {

constexpr const char* kFundamentalRc = "vnd.sun.star.pathname:/usr/lib/libreoffice/program/fundamentalrc";

std::string Utf8(const rtl::OUString& s) { return rtl::OUStringToOString(s, RTL_TEXTENCODING_UTF8).getStr(); }

Runtime* Bootstrap() {
  // Inside node, bootstrapping without URE_BOOTSTRAP does not throw but dies with SIGSEGV on the first remote
  // Desktop call (docs/OFFICE_UNO.md): point it at LibreOffice's own fundamentalrc unless the user did.
  if (std::getenv("URE_BOOTSTRAP") == nullptr) rtl::Bootstrap::set("URE_BOOTSTRAP", rtl::OUString::createFromAscii(kFundamentalRc));
  auto* runtime = new Runtime();  // leaked on purpose (uno_runtime.h)
  runtime->context = cppu::defaultBootstrap_InitialComponentContext();
  runtime->invocation = css::script::Invocation::create(runtime->context);
  runtime->converter = css::script::Converter::create(runtime->context);
  runtime->reflection = css::reflection::theCoreReflection::get(runtime->context);
  runtime->connector = css::connection::Connector::create(runtime->context);
  runtime->bridges = css::bridge::BridgeFactory::create(runtime->context);
  return runtime;
}

}  // namespace

const Runtime& GetRuntime() {
  // Not std::call_once: a failed bootstrap is retried by the next call (LibreOffice may be installed meanwhile).
  static std::mutex mutex;
  static Runtime* runtime = nullptr;
  std::lock_guard<std::mutex> lock(mutex);
  if (runtime != nullptr) return *runtime;
  std::string why;
  try {
    runtime = Bootstrap();
    return *runtime;
  } catch (const cppu::BootstrapException& e) {
    why = Utf8(e.getMessage());
  } catch (const css::uno::Exception& e) {
    why = Utf8(e.Message);
  }
  throw core::NativeError(core::ErrorCode::OfficeUnavailable,
                          "officeRun (UNO): LibreOffice's UNO runtime could not start: apt-get install -y "
                          "--no-install-recommends libreoffice-writer libreoffice-calc libreoffice-impress",
                          why);
}

}  // namespace lam::uno
