// The Linux office backend: UNO, from lam_uno.so beside the addon (native/linux/office/), loaded on the first
// office call. The addon itself never links UNO, so it loads on machines without LibreOffice; there every
// office call fails with OFFICE_UNAVAILABLE and the command that fixes it (docs/OFFICE.md "LibreOffice on
// Linux").
#include <dlfcn.h>
#include <sys/stat.h>

#include <mutex>
#include <string>

#include "core/office_backend.h"
#include "linux/office/uno_plugin_abi.h"

namespace lam::core {
namespace {

constexpr const char* kPluginName = "lam_uno.so";
constexpr const char* kNoSdk =
    "built without LibreOffice's SDK: apt-get install -y libreoffice-dev libreoffice-dev-common, then npm run "
    "build:native";
constexpr const char* kNoLibreOffice =
    "LibreOffice is not installed: apt-get install -y --no-install-recommends libreoffice-writer "
    "libreoffice-calc libreoffice-impress";

// The plugin is loaded once per process and never unloaded (UNO keeps threads and static state of its own; a
// dlclose under them would crash). A failure is remembered too: it is an installation fact, and every
// environment of the process answers the same.
struct PluginLoad {
  const LamUnoPlugin* plugin = nullptr;
  ErrorCode code = ErrorCode::OfficeUnavailable;
  std::string message;
  std::string detail;
};

// lam_uno.so sits in the directory of the binary this function is in (build/Release/ or prebuilds/<platform>/).
std::string PluginPath() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&PluginPath), &info) == 0 || info.dli_fname == nullptr) return kPluginName;
  std::string self = info.dli_fname;
  const size_t slash = self.rfind('/');
  return slash == std::string::npos ? kPluginName : self.substr(0, slash + 1) + kPluginName;
}

const PluginLoad& LoadPlugin() {
  static PluginLoad load;
  static std::once_flag once;
  std::call_once(once, [] {
    const std::string path = PluginPath();
    struct stat st{};
    if (stat(path.c_str(), &st) != 0) {
      load.message = std::string("officeRun (UNO): ") + kNoSdk;
      load.detail = path + " does not exist";
      return;
    }
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
      const char* why = dlerror();
      load.message = std::string("officeRun (UNO): ") + kNoLibreOffice;
      load.detail = why ? why : path;
      return;
    }
    auto entry = reinterpret_cast<LamUnoPluginEntry>(dlsym(handle, LAM_UNO_ENTRY));
    const LamUnoPlugin* plugin = entry ? entry() : nullptr;
    if (plugin == nullptr || plugin->abi_version != LAM_UNO_ABI_VERSION || plugin->layout != uno_abi::Layout()) {
      load.code = ErrorCode::Internal;
      load.message = "officeRun (UNO): " + path + " is from another build of lam-bridge: run npm run build:native";
      load.detail = plugin ? "abi " + std::to_string(plugin->abi_version) : "no " LAM_UNO_ENTRY;
      return;
    }
    load.plugin = plugin;
  });
  return load;
}

// Forwards to the plugin's backend, created lazily on the first run, so that a process that never calls
// officeRun never loads UNO. Created, used and destroyed on the office service thread (core/service_backend.h).
class UnoPluginBackend : public OfficeBackend {
 public:
  ~UnoPluginBackend() override { stop(); }

  void stop() override {
    if (backend_ != nullptr) LoadPlugin().plugin->destroy(backend_);
    backend_ = nullptr;
  }

  std::string run(const OfficeRunRequest& request, const Deadline& deadline) override {
    const PluginLoad& load = LoadPlugin();
    if (load.plugin == nullptr) throw NativeError(load.code, load.message, load.detail);
    if (backend_ == nullptr) {
      char error[512] = {0};
      backend_ = load.plugin->create(error, sizeof error);
      if (backend_ == nullptr)
        throw NativeError(ErrorCode::OfficeUnavailable, std::string("officeRun (UNO): ") + kNoLibreOffice, error);
    }
    LamUnoResult result{};
    load.plugin->run(backend_, &request, &deadline, &result);
    struct Free {
      const LamUnoPlugin* plugin;
      LamUnoResult* result;
      ~Free() { plugin->free_result(result); }
    } free_result{load.plugin, &result};
    if (result.ok) return result.json ? result.json : "{\"results\":[]}";
    throw NativeError(static_cast<ErrorCode>(result.code), result.message ? result.message : "officeRun (UNO): failed",
                      result.detail ? result.detail : "");
  }

 private:
  void* backend_ = nullptr;
};

}  // namespace

std::unique_ptr<ServiceBackend> CreateOfficeBackend() { return std::make_unique<UnoPluginBackend>(); }

}  // namespace lam::core
