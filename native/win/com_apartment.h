// The platform service thread's COM apartment: CoInitializeEx(COINIT_MULTITHREADED) for as long as the
// object lives. UI Automation clients belong in the MTA (Microsoft, "Understanding Threading Issues"): in
// an STA, a provider in our own process could deadlock us, and UIA event handlers are called on other MTA
// threads anyway.
#pragma once

#include "win/uia_headers.h"

namespace lam::win {

class ComApartment {
 public:
  // Throws INTERNAL when the thread is already in an STA (RPC_E_CHANGED_MODE) or COM fails to start.
  ComApartment();
  ~ComApartment();
  ComApartment(const ComApartment&) = delete;
  ComApartment& operator=(const ComApartment&) = delete;

 private:
  bool joined_ = false;  // CoUninitialize only pairs with a successful CoInitializeEx (S_OK or S_FALSE)
};

}  // namespace lam::win
