# The Windows-only parts of the build, for MSVC on Windows and for mingw-w64 on Linux
# (cmake/mingw-w64-x86_64.cmake). Included by CMakeLists.txt when WIN32; test/native/win/ uses the
# lam_win_* functions for the Windows test programs (the test app, the UIA double DLL).

# --- Wine 10's UI Automation headers (mingw only) --------------------------------------------------------------
# mingw-w64 10's uiautomation*.h declare no IUIAutomation interfaces at all (and uiautomationcoreapi.h does not
# even parse as C++); Wine 10's do, generated from IDL that follows the Windows SDK. They are LGPL: copied at
# configure time from an unpacked libwine-dev (scripts/wine10.sh setup puts one in the Wine chroot) into the build
# folder, never committed. MSVC uses the Windows SDK's own headers.
if(MINGW)
  if(DEFINED ENV{LAMB_WINE10_ROOT})
    set(_lam_wine_root "$ENV{LAMB_WINE10_ROOT}")
  else()
    set(_lam_wine_root "$ENV{HOME}/.cache/lamb-wine10")
  endif()
  set(LAM_WINE_INCLUDE_SOURCE "${_lam_wine_root}/opt/libwine-dev/usr/include/wine/wine/windows" CACHE PATH
      "Folder holding Wine 10's uiautomation*.h (from libwine-dev; scripts/wine10.sh setup unpacks it)")
  set(LAM_WINE_LIB_SOURCE "${_lam_wine_root}/opt/libwine-dev/usr/lib/x86_64-linux-gnu/wine/x86_64-windows" CACHE PATH
      "Folder holding Wine 10's PE import library libuiautomationcore.a (mingw-w64 10 ships none)")
  set(LAM_WINE_INCLUDE_DIR "${CMAKE_BINARY_DIR}/wine-include")
  foreach(_h uiautomation.h uiautomationclient.h uiautomationcore.h uiautomationcoreapi.h)
    if(NOT EXISTS "${LAM_WINE_INCLUDE_SOURCE}/${_h}")
      message(FATAL_ERROR
        "lam-bridge: ${_h} not found in ${LAM_WINE_INCLUDE_SOURCE}.\n"
        "The Windows cross build takes Wine 10's UI Automation headers from libwine-dev. Run (as root)\n"
        "  bash scripts/wine10.sh setup\n"
        "which unpacks it in the Wine 10 chroot (ROOT, default ~/.cache/lamb-wine10), or point the build at another\n"
        "copy: LAMB_WINE10_ROOT=<chroot> in the environment, or -DLAM_WINE_INCLUDE_SOURCE=<folder with the headers>.")
    endif()
    # COPYONLY through configure_file: a changed source header re-runs the configure step.
    configure_file("${LAM_WINE_INCLUDE_SOURCE}/${_h}" "${LAM_WINE_INCLUDE_DIR}/${_h}" COPYONLY)
  endforeach()

  # libuiautomationcore.a, for programs that are UIA *providers* (UiaReturnRawElementProvider, UiaHostProviderFromHwnd,
  # UiaRaiseAutomationEvent: the test app). Copied alone: Wine's whole lib folder on -L would pull in Wine's CRT.
  set(LAM_WINE_UIACORE_LIB "")
  if(EXISTS "${LAM_WINE_LIB_SOURCE}/libuiautomationcore.a")
    configure_file("${LAM_WINE_LIB_SOURCE}/libuiautomationcore.a" "${CMAKE_BINARY_DIR}/wine-lib/libuiautomationcore.a" COPYONLY)
    set(LAM_WINE_UIACORE_LIB "${CMAKE_BINARY_DIR}/wine-lib/libuiautomationcore.a")
  endif()
endif()

# The UI Automation / oleacc headers for `target` (win/uia_headers.h includes them): Wine's ahead of mingw's,
# as SYSTEM so -Werror does not judge them; the SDK's with MSVC.
function(lam_win_uia_headers target)
  if(MINGW)
    target_include_directories(${target} SYSTEM BEFORE PRIVATE "${LAM_WINE_INCLUDE_DIR}")
  endif()
  # Windows 10 APIs (DPI awareness contexts, IUIAutomation2+) are declared, and W functions are the default.
  target_compile_definitions(${target} PRIVATE WINVER=0x0A00 _WIN32_WINNT=0x0A00 UNICODE _UNICODE NOMINMAX)
endfunction()

# The warning level every Windows target builds with: -Wall -Wextra -Werror (mingw, on every CI run), /W4 (MSVC,
# SDK headers excluded with /external:anglebrackets, VS 2019 16.10+). Not /WX yet: no MSVC build has run (the
# Windows workflow's first run will list what MSVC's extra warnings find; then add /WX here).
function(lam_win_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /external:anglebrackets /external:W0 /utf-8)
  else()
    target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
  endif()
endfunction()

# A self-contained PE: mingw's C++ runtime, libgcc and winpthreads linked in, so the DLL or EXE needs nothing
# beside the system DLLs (a Windows user has no libstdc++-6.dll).
function(lam_win_static_runtime target)
  if(MINGW)
    target_link_options(${target} PRIVATE -static -static-libgcc -static-libstdc++)
    # Release: no symbol table or the static runtime's debug sections (1.1 MB -> well under half).
    target_link_options(${target} PRIVATE $<$<CONFIG:Release>:-s>)
  endif()
endfunction()

# Outputs in the folder cmake-js names (build-win32/Release): cmake-js sets the LIBRARY directory on a non-Windows
# host, but a DLL is a RUNTIME output on PE platforms.
function(lam_win_output_dir target)
  if(CMAKE_LIBRARY_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${CMAKE_LIBRARY_OUTPUT_DIRECTORY}"
                                               LIBRARY_OUTPUT_DIRECTORY "${CMAKE_LIBRARY_OUTPUT_DIRECTORY}")
  endif()
endfunction()

# --- node.exe, delay-loaded ------------------------------------------------------------------------------------
# The addon calls Node-API functions that node.exe exports. A plain import of NODE.EXE would make the loader look
# for a module of that name: in Electron, or a node renamed (nodejs.exe, a packaged app), there is none and the
# addon fails to load. Importing it delay-loaded lets native/win/delay_load_hook.cc answer the first call with the
# running program itself (GetModuleHandle(NULL)), whatever its name.
execute_process(COMMAND node -p "require('node-api-headers').def_paths.node_api_def"
  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} OUTPUT_VARIABLE LAM_NODE_API_DEF OUTPUT_STRIP_TRAILING_WHITESPACE)

function(lam_windows_addon target)
  lam_win_uia_headers(${target})
  lam_win_static_runtime(${target})
  lam_win_output_dir(${target})
  if(MINGW)
    if(NOT EXISTS "${LAM_NODE_API_DEF}")
      message(FATAL_ERROR "lam-bridge: node-api-headers' node_api.def not found (npm install first)")
    endif()
    # dlltool --output-delaylib: every napi_* symbol becomes a thunk that calls __delayLoadHelper2 (mingw-w64's
    # libmingwex) on first use, instead of an entry in the PE import table.
    set(_delaylib "${CMAKE_BINARY_DIR}/libnode-delay.a")
    add_custom_command(OUTPUT "${_delaylib}"
      COMMAND ${CMAKE_DLLTOOL} --input-def "${LAM_NODE_API_DEF}" --dllname node.exe --output-delaylib "${_delaylib}"
      DEPENDS "${LAM_NODE_API_DEF}"
      COMMENT "dlltool: delay-load import library for node.exe")
    add_custom_target(${target}_node_delaylib DEPENDS "${_delaylib}")
    add_dependencies(${target} ${target}_node_delaylib)
    target_link_libraries(${target} PRIVATE "${_delaylib}")
  elseif(MSVC)
    lam_win_warnings(${target})
    # cmake-js (on Windows) names node_api.def and where node.lib goes; lib.exe makes the import library.
    if(CMAKE_JS_NODELIB_DEF AND CMAKE_JS_NODELIB_TARGET)
      execute_process(COMMAND ${CMAKE_AR} /def:${CMAKE_JS_NODELIB_DEF} /out:${CMAKE_JS_NODELIB_TARGET} ${CMAKE_STATIC_LINKER_FLAGS})
    endif()
    # cmake-js passes /DELAYLOAD:NODE.EXE in CMAKE_SHARED_LINKER_FLAGS; a plain cmake build gets it here.
    string(TOUPPER "${CMAKE_SHARED_LINKER_FLAGS}" _flags)
    if(NOT _flags MATCHES "/DELAYLOAD:NODE.EXE")
      target_link_options(${target} PRIVATE /DELAYLOAD:node.exe)
    endif()
    target_link_libraries(${target} PRIVATE delayimp)
  endif()
endfunction()
