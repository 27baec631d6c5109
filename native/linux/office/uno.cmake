# lam_uno.so: the UNO office backend (docs/OFFICE.md "LibreOffice on Linux"), a plugin the addon dlopens on the
# first office call (native/linux/office_backend.cc). Kept out of the addon so that lam_bridge.node never links
# UNO and loads on a machine without LibreOffice; built only where LibreOffice's SDK is installed.
set(LAM_LO_PROGRAM /usr/lib/libreoffice/program)
set(LAM_LO_SDK /usr/lib/libreoffice/sdk)
find_program(LAM_CPPUMAKER cppumaker PATHS ${LAM_LO_SDK}/bin NO_DEFAULT_PATH)
if(NOT LAM_CPPUMAKER OR NOT EXISTS /usr/include/libreoffice/cppu/macros.hxx
   OR NOT EXISTS ${LAM_LO_PROGRAM}/types.rdb OR NOT EXISTS ${LAM_LO_PROGRAM}/types/offapi.rdb)
  message(STATUS "lam_uno.so skipped: LibreOffice's SDK is not installed "
                 "(apt-get install -y libreoffice-dev libreoffice-dev-common); office calls will answer OFFICE_UNAVAILABLE")
  return()
endif()

# Debian ships no generated com/sun/star/**/*.hpp: cppumaker writes them from the type libraries into the build
# dir (~1 s, 3,300 headers), never into the tree. The stamp makes it run once per build dir and again only when
# the installed type libraries change.
set(LAM_UNO_GEN ${CMAKE_BINARY_DIR}/uno-headers)
add_custom_command(
  OUTPUT ${LAM_UNO_GEN}/stamp
  COMMAND ${CMAKE_COMMAND} -E rm -rf ${LAM_UNO_GEN}
  COMMAND ${LAM_CPPUMAKER} -Gc -O${LAM_UNO_GEN} ${LAM_LO_PROGRAM}/types.rdb ${LAM_LO_PROGRAM}/types/offapi.rdb
  COMMAND ${CMAKE_COMMAND} -E touch ${LAM_UNO_GEN}/stamp
  DEPENDS ${LAM_LO_PROGRAM}/types.rdb ${LAM_LO_PROGRAM}/types/offapi.rdb
  COMMENT "cppumaker: generating the UNO headers")
add_custom_target(lam_uno_headers DEPENDS ${LAM_UNO_GEN}/stamp)

file(GLOB LAM_UNO_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/native/linux/office/*.cc)
# The plugin compiles its own copy of the core code it uses (the same sources as the addon's): with hidden
# visibility on both sides and RTLD_LOCAL, neither copy can interpose on the other, and only the C entry point
# (uno_plugin_abi.h) crosses the boundary.
add_library(lam_uno MODULE ${LAM_UNO_SOURCES}
  ${CMAKE_SOURCE_DIR}/native/core/office_value.cc
  ${CMAKE_SOURCE_DIR}/native/core/native_error.cc
  ${CMAKE_SOURCE_DIR}/native/core/json_writer.cc)
add_dependencies(lam_uno lam_uno_headers)
set_target_properties(lam_uno PROPERTIES PREFIX "" OUTPUT_NAME "lam_uno" SUFFIX ".so")
target_include_directories(lam_uno PRIVATE ${CMAKE_SOURCE_DIR}/native ${CMAKE_JS_INC} ${NODE_ADDON_API_DIR})
# -isystem: the SDK's and the generated headers are not ours and do not build warning-free under -Wextra
# (unused parameters, deprecated copies in cppu/ and the generated .hpp); our own code keeps -Werror.
target_include_directories(lam_uno SYSTEM PRIVATE /usr/include/libreoffice ${LAM_UNO_GEN})
# The SDK's platform macros (docs/OFFICE_UNO.md): without them sal/ and cppu/ pick no ABI.
target_compile_definitions(lam_uno PRIVATE LINUX UNX GCC CPPU_ENV=gcc3)
target_compile_options(lam_uno PRIVATE -Wall -Wextra -Werror -fvisibility=hidden)
target_link_directories(lam_uno PRIVATE ${LAM_LO_SDK}/lib)
target_link_libraries(lam_uno PRIVATE uno_cppuhelpergcc3 uno_cppu uno_salhelpergcc3 uno_sal Threads::Threads)
# The libuno_* the plugin needs live in LibreOffice's program dir (on Debian also in the multiarch dir). The
# Node-API symbols that office_value.cc's parser references (unused here) resolve against node itself, the only
# process that loads the plugin.
target_link_options(lam_uno PRIVATE -Wl,-rpath,${LAM_LO_PROGRAM})
