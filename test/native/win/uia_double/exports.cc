// The DLL's C entry points: LamUiaDoubleCreate (a scenario's world and its IUIAutomation), LamUiaDoubleCalls
// (the call log so far), LamUiaDoubleInputSink (a recorder for the backend's SendInput seam, its INPUTs logged).
#include <initguid.h>  // the IIDs and CLSIDs this DLL compares against are defined here, once

#include <cstdio>
#include <stdexcept>

#include "uia_double/objects.h"
#include "win/send_input.h"

namespace {

std::shared_ptr<lam_double::World> g_current;

class RecordingSink : public lam::win::InputSink {
 public:
  UINT Send(UINT count, INPUT* inputs) override {
    lam_double::World* w = lam_double::CurrentWorld();
    for (UINT i = 0; w && i < count; ++i) {
      const INPUT& in = inputs[i];
      char line[160];
      if (in.type == INPUT_MOUSE)
        std::snprintf(line, sizeof line, "SendInput mouse dx=%ld dy=%ld flags=0x%lx data=%ld", static_cast<long>(in.mi.dx),
                      static_cast<long>(in.mi.dy), static_cast<unsigned long>(in.mi.dwFlags), static_cast<long>(in.mi.mouseData));
      else if (in.type == INPUT_KEYBOARD)
        std::snprintf(line, sizeof line, "SendInput key vk=%u scan=%u flags=0x%lx", in.ki.wVk, in.ki.wScan,
                      static_cast<unsigned long>(in.ki.dwFlags));
      else
        std::snprintf(line, sizeof line, "SendInput other type=%lu", static_cast<unsigned long>(in.type));
      w->Log(line);
    }
    return count;  // every event "inserted": the double's desktop never blocks input
  }
};

}  // namespace

extern "C" __declspec(dllexport) HRESULT LamUiaDoubleCreate(const char* scenario_json, IUIAutomation** out) {
  if (!scenario_json || !out) return E_POINTER;
  *out = nullptr;
  try {
    g_current = std::make_shared<lam_double::World>(scenario_json);
  } catch (const std::exception& e) {
    OutputDebugStringA(e.what());
    std::fprintf(stderr, "lam_uia_double: %s\n", e.what());
    return E_INVALIDARG;
  }
  *out = lam_double::MakeAutomation(g_current);
  return S_OK;
}

extern "C" __declspec(dllexport) const char* LamUiaDoubleCalls() {
  static std::string copy;
  copy = g_current ? g_current->Calls() : std::string();
  return copy.c_str();
}

extern "C" __declspec(dllexport) lam::win::InputSink* LamUiaDoubleInputSink() { return new RecordingSink; }
