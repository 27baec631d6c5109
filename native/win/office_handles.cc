#include "win/office_handles.h"

#include <atomic>

#include "core/native_error.h"
#include "win/office_errors.h"

namespace lam::win {
namespace {

// Process-wide, so handles stay unique across office threads (a retired one's successor) and addon instances.
std::atomic<int64_t> g_next_handle{1};

}  // namespace

int64_t OfficeHandles::Register(IUnknown* object) {
  IUnknown* identity = nullptr;
  HRESULT hr = object->QueryInterface(IID_IUnknown, reinterpret_cast<void**>(&identity));
  if (FAILED(hr) || !identity) throw OfficeComError(FAILED(hr) ? hr : E_NOINTERFACE, "the object answers no IUnknown");
  auto known = by_identity_.find(identity);
  if (known != by_identity_.end()) {
    identity->Release();  // the entry holds its own reference
    return known->second;
  }
  Entry entry;
  entry.identity = identity;
  IDispatch* dispatch = nullptr;
  if (SUCCEEDED(identity->QueryInterface(IID_IDispatch, reinterpret_cast<void**>(&dispatch)))) entry.dispatch = dispatch;
  const int64_t id = g_next_handle.fetch_add(1);
  entries_.emplace(id, std::move(entry));
  by_identity_.emplace(identity, id);
  return id;
}

OfficeHandles::Entry* OfficeHandles::Find(int64_t id) {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

void OfficeHandles::Release(int64_t id) {
  auto it = entries_.find(id);
  if (it == entries_.end()) return;
  Entry entry = it->second;
  by_identity_.erase(entry.identity);
  entries_.erase(it);
  // After the maps forget it: a Release that re-enters (a server calling back) finds no half-removed entry.
  if (entry.dispatch) entry.dispatch->Release();
  entry.identity->Release();
}

void OfficeHandles::Clear() {
  while (!entries_.empty()) Release(entries_.begin()->first);
}

}  // namespace lam::win
