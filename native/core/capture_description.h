// The JSON that describes a captured image (the pixels travel beside it as a Buffer). One spelling for
// every platform's capture, so bindings/ reads the same fields from X11 and GDI.
#pragma once

#include <string>

namespace lam::core {

struct CaptureDescription {
  int width = 0;
  int height = 0;
  int x = 0;             // the image's top-left on the screen
  int y = 0;
  int screen_width = 0;
  int screen_height = 0;
  const char* method = "";  // how it was taken: "xshm", "xgetimage", "bitblt", ...
};

// {width, height, stride, format: "rgba", x, y, screenWidth, screenHeight, method}
std::string DescribeCapture(const CaptureDescription& d);

}  // namespace lam::core
