// The delay-load hook that makes the addon load in any program that embeds Node, whatever its file is called.
//
// The addon imports the Node-API functions from "node.exe" delay-loaded (cmake/windows-addon.cmake: dlltool
// --output-delaylib under mingw, /DELAYLOAD:node.exe with MSVC), so the loader resolves nothing when the DLL
// loads. On the first napi_* call the delay-load helper (__delayLoadHelper2: MSVC's delayimp.lib, mingw-w64's
// libmingwex) asks this hook first; for "node.exe" we answer with a module that is already in the process:
// node.dll where an embedder keeps Node in a DLL (NW.js), else the running executable itself (node.exe, a renamed
// node, Electron's app.exe, which export the Node-API functions). Without the hook the helper would
// LoadLibrary("node.exe"), which fails in Electron and in a renamed node, or worse loads a second copy.
// Written from Microsoft's "Understand the delay load helper function" and "Define your own hook functions"
// (the notification hook's dliNotePreLoadLibrary returns the HMODULE to use); same contract as node-gyp's and
// cmake-js's win_delay_load_hook.cc, which this replaces (one hook for MSVC and mingw).
#include "win/uia_headers.h"

#include <delayimp.h>

namespace {

FARPROC WINAPI LoadNodeFromHostProcess(unsigned notification, PDelayLoadInfo info) {
  if (notification != dliNotePreLoadLibrary || info == nullptr || info->szDll == nullptr) return nullptr;
  if (lstrcmpiA(info->szDll, "node.exe") != 0) return nullptr;  // any other delay-loaded DLL: the default
  HMODULE node = GetModuleHandleW(L"node.dll");
  if (node == nullptr) node = GetModuleHandleW(nullptr);
  return reinterpret_cast<FARPROC>(node);
}

}  // namespace

// The helper reads this variable. delayimp.h declares it extern "C" (const in newer Windows SDKs, not in
// mingw-w64's, hence decltype); this definition takes the declaration's C linkage.
decltype(__pfnDliNotifyHook2) __pfnDliNotifyHook2 = LoadNodeFromHostProcess;
