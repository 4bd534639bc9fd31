# Warnings for our own targets only (third-party headers are SYSTEM). Errors only
# with TRAPPE_WARNINGS_AS_ERRORS, on by default when Trappe is the top-level project.
function(trappe_set_warnings target)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wno-sign-conversion
      $<$<BOOL:${TRAPPE_WARNINGS_AS_ERRORS}>:-Werror>)
  elseif(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${TRAPPE_WARNINGS_AS_ERRORS}>:/WX>)
  endif()
endfunction()

# VERSION and SOVERSION of a shared library. Before 1.0 each minor version may
# break the ABI, so the SOVERSION is major.minor then, and major from 1.0 on.
function(trappe_set_shared_library_version target)
  if(PROJECT_VERSION_MAJOR EQUAL 0)
    set(soversion ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
  else()
    set(soversion ${PROJECT_VERSION_MAJOR})
  endif()
  set_target_properties(${target} PROPERTIES VERSION ${PROJECT_VERSION} SOVERSION ${soversion})
endfunction()
