// The process's local UNO runtime: one component context bootstrapped from LibreOffice's own URE, shared by
// every backend instance and thread of the process (UNO objects are thread-safe). It supplies what runs on
// our side of the bridge: the Invocation adapter factory (get/set/call by name on any object), core reflection
// (direct calls, uno_direct.h), the type converter, the connector and the bridge factory.
#pragma once

#include <com/sun/star/bridge/XBridgeFactory2.hpp>
#include <com/sun/star/connection/XConnector.hpp>
#include <com/sun/star/lang/XSingleServiceFactory.hpp>
#include <com/sun/star/reflection/XIdlReflection.hpp>
#include <com/sun/star/script/XTypeConverter.hpp>
#include <com/sun/star/uno/XComponentContext.hpp>

namespace lam::uno {

namespace css = ::com::sun::star;

struct Runtime {
  css::uno::Reference<css::uno::XComponentContext> context;
  css::uno::Reference<css::lang::XSingleServiceFactory> invocation;  // com.sun.star.script.Invocation
  css::uno::Reference<css::script::XTypeConverter> converter;        // com.sun.star.script.Converter
  css::uno::Reference<css::reflection::XIdlReflection> reflection;   // theCoreReflection (direct calls)
  css::uno::Reference<css::connection::XConnector> connector;
  css::uno::Reference<css::bridge::XBridgeFactory2> bridges;
};

// Bootstraps on the first call (once per process; later calls return the same runtime). Throws
// NativeError(OFFICE_UNAVAILABLE) when LibreOffice's URE cannot be bootstrapped. Never torn down: UNO's
// shutdown order at process exit is not ours to control, so the references are leaked on purpose
// (docs/OFFICE_UNO.md).
const Runtime& GetRuntime();

}  // namespace lam::uno
