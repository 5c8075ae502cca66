# Windows executables keep their DWARF debug info in a file beside them (NAME.exe.debug, found
# through .gnu_debuglink by gdb and winedbg) instead of inside the image. Inside, it made
# sysmetrics.exe 187 MB and unit_tests.exe 226 MB, and Wine reads the image whole at each
# process start: 1.4-2 s per start of sysmetrics.exe against 0.2-0.4 s split, paid by every
# service start and every test process. The MSI ships the stripped exe either way.
function(sysmetrics_split_debug_info target)
  if(NOT WIN32 OR NOT CMAKE_OBJCOPY)
    return()
  endif()
  set(exe "$<TARGET_FILE:${target}>")
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND "${CMAKE_OBJCOPY}" --only-keep-debug "${exe}" "${exe}.debug"
    COMMAND "${CMAKE_OBJCOPY}" --strip-debug "--add-gnu-debuglink=${exe}.debug" "${exe}"
    VERBATIM)
endfunction()
