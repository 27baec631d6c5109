#include "linux/office/uno_errors.h"

#include <com/sun/star/beans/UnknownPropertyException.hpp>
#include <com/sun/star/connection/ConnectionSetupException.hpp>
#include <com/sun/star/connection/NoConnectException.hpp>
#include <com/sun/star/container/NoSuchElementException.hpp>
#include <com/sun/star/lang/DisposedException.hpp>
#include <com/sun/star/lang/IllegalArgumentException.hpp>
#include <com/sun/star/lang/IndexOutOfBoundsException.hpp>
#include <com/sun/star/lang/NoSuchMethodException.hpp>
#include <com/sun/star/reflection/InvocationTargetException.hpp>
#include <com/sun/star/script/CannotConvertException.hpp>
#include <com/sun/star/uno/Exception.hpp>

#include <string>

namespace lam::uno {
namespace {

template <class T>
bool Is(const css::uno::Type& type) {
  return cppu::UnoType<T>::get().isAssignableFrom(type);
}

std::string Utf8(const rtl::OUString& s) { return rtl::OUStringToOString(s, RTL_TEXTENCODING_UTF8).getStr(); }

}  // namespace

core::NativeError FromUnoException(const css::uno::Any& caught) {
  css::uno::Any exception = caught;
  // Invocation wraps what the called method threw; a nested wrap is unwrapped too.
  for (int depth = 0; depth < 8 && Is<css::reflection::InvocationTargetException>(exception.getValueType()); ++depth) {
    css::reflection::InvocationTargetException wrapped;
    exception >>= wrapped;
    if (!wrapped.TargetException.hasValue()) break;
    exception = wrapped.TargetException;
  }
  const css::uno::Type type = exception.getValueType();
  const std::string name = Utf8(type.getTypeName());
  css::uno::Exception base;
  exception >>= base;  // every UNO exception derives from com.sun.star.uno.Exception
  std::string message = Utf8(base.Message);
  if (message.empty()) message = name;

  using core::ErrorCode;
  ErrorCode code = ErrorCode::InvalidOperation;
  if (Is<css::lang::DisposedException>(type) || Is<css::connection::NoConnectException>(type))
    code = ErrorCode::AppNotRunning;
  else if (Is<css::lang::IllegalArgumentException>(type) || Is<css::script::CannotConvertException>(type) ||
           Is<css::beans::UnknownPropertyException>(type) || Is<css::lang::NoSuchMethodException>(type) ||
           Is<css::connection::ConnectionSetupException>(type))
    code = ErrorCode::InvalidArgument;
  else if (Is<css::lang::IndexOutOfBoundsException>(type) || Is<css::container::NoSuchElementException>(type))
    code = ErrorCode::TargetNotFound;
  return core::NativeError(code, message, name);
}

bool MeansConnectionLost(const core::NativeError& error) { return error.code() == core::ErrorCode::AppNotRunning; }

}  // namespace lam::uno
