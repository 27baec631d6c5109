// THROWAWAY (issue 7, core owner's branch only): the pre-seam request shapes that element_actions.cc and
// x11_input.cc still take, kept here so this branch compiles while atspi_backend.cc adapts the new intents and
// named-button input onto them. The Linux owner's intent implementation replaces this file, the shim in
// atspi_backend.cc and both users; do not build on it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/backend.h"

namespace lam::core {

struct ElementActionRequest {
  std::string ref;
  std::string op;
  std::string text;     // setText, insertText
  double number = 0;    // setValue
  int32_t index = 0;    // doAction, selectChild, deselectChild, scrollTo (scroll type), insertText position
  int32_t start = 0;    // deleteText, selectText
  int32_t end = 0;
};

// Buttons as X11 numbers in `code` (the wheel already turned into buttons 4-7), raise by pid.
struct LegacyInputRequest {
  std::vector<InputEvent> events;
  int64_t raise_pid = 0;
};

}  // namespace lam::core
