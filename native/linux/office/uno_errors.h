// UNO exceptions -> the stable codes (docs/OFFICE.md "Errors"). The message is the exception's own Message
// (its type name when that is empty); the detail is its type name.
#pragma once

#include <com/sun/star/uno/Any.hxx>

#include "core/native_error.h"
#include "linux/office/uno_runtime.h"

namespace lam::uno {

// `caught` holds a UNO exception (cppu::getCaughtException()). The Invocation adapter's
// InvocationTargetException is unwrapped: the exception of the called method is what the caller meant.
core::NativeError FromUnoException(const css::uno::Any& caught);

// True for the exceptions that mean the connection is gone (a disposed bridge, nothing listening).
bool MeansConnectionLost(const core::NativeError& error);

}  // namespace lam::uno
