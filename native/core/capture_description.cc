#include "core/capture_description.h"

#include "core/json_writer.h"

namespace lam::core {

std::string DescribeCapture(const CaptureDescription& d) {
  JsonWriter w;
  w.begin_object();
  w.key("width").value(d.width);
  w.key("height").value(d.height);
  w.key("stride").value(d.width * 4);
  w.key("format").value("rgba");
  w.key("x").value(d.x);
  w.key("y").value(d.y);
  w.key("screenWidth").value(d.screen_width);
  w.key("screenHeight").value(d.screen_height);
  w.key("method").value(d.method);
  w.end_object();
  return w.take();
}

}  // namespace lam::core
