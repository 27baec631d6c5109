#include "win/com_apartment.h"

#include "win/hresult_errors.h"

namespace lam::win {

ComApartment::ComApartment() {
  HRESULT hr = CoInitializeEx(nullptr, COINIT_MULTITHREADED);
  // S_FALSE: this thread was in the MTA already; it still needs its own CoUninitialize.
  if (FAILED(hr)) throw ErrorFromHresult("start COM", "CoInitializeEx", hr);
  joined_ = true;
}

ComApartment::~ComApartment() {
  if (joined_) CoUninitialize();
}

}  // namespace lam::win
