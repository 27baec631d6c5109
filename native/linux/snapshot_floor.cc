#include "linux/snapshot_floor.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/json_writer.h"
#include "core/native_error.h"
#include "linux/tree_reader.h"

namespace lam::atspi {

std::string MeasureSnapshotFloor(AppLinks& links, const core::SnapshotRequest& request, int runs,
                                 const core::Deadline& deadline) {
  std::vector<RecordedRound> rounds;
  const std::string snapshot = ReadTree(links, request, deadline, &rounds);
  // The node count, to tell the reader which snapshot the floor belongs to: {"ref": once per node after
  // "nodes":[ (the app and the ancestors before it have refs too).
  size_t nodes = 0;
  const size_t list = snapshot.find("\"nodes\":[");
  if (list != std::string::npos)
    for (size_t at = snapshot.find("{\"ref\":", list); at != std::string::npos; at = snapshot.find("{\"ref\":", at + 1)) ++nodes;
  size_t calls = 0;
  for (const RecordedRound& round : rounds)
    for (const auto& [link, messages] : round) calls += messages.size();

  std::vector<double> times;
  for (int run = 0; run < runs; ++run) {
    auto started = std::chrono::steady_clock::now();
    for (const RecordedRound& round : rounds) {
      // Each connection's share of the round in turn, as Reader::Flush sends them.
      for (const auto& [link, messages] : round) {
        CallBatch batch(*link);
        for (const Message& m : messages) {
          DBusMessage* copy = dbus_message_copy(m.get());  // a sent message is locked to its serial
          if (copy == nullptr) throw core::NativeError(core::ErrorCode::Internal, "snapshot floor (libdbus): out of memory");
          batch.Add(Message(copy));
        }
        batch.Run(deadline, "snapshot floor");
      }
    }
    times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
  }
  std::vector<double> sorted = times;
  std::sort(sorted.begin(), sorted.end());
  const size_t n = sorted.size();
  const double median = n == 0 ? 0 : n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;

  core::JsonWriter w;
  w.begin_object();
  w.key("runs").value(runs);
  w.key("medianMs").value(median);
  w.key("timesMs").begin_array();
  for (double t : times) w.value(t);
  w.end_array();
  w.key("rounds").value(static_cast<int64_t>(rounds.size()));
  w.key("calls").value(static_cast<int64_t>(calls));
  w.key("nodes").value(static_cast<int64_t>(nodes));
  w.end_object();
  return w.take();
}

}  // namespace lam::atspi
