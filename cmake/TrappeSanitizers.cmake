# Sanitizer and fuzzing builds for every target (scripts/sanitize.sh, scripts/fuzz.sh).
#   -DTRAPPE_SANITIZE=address,undefined   ASan + UBSan; a UBSan finding aborts
#   -DTRAPPE_SANITIZE=thread              TSan
#   -DTRAPPE_FUZZ=ON                      clang only: libFuzzer coverage, tests/fuzz harnesses
set(TRAPPE_SANITIZE "" CACHE STRING "Sanitizers to build everything with (address,undefined or thread)")
option(TRAPPE_FUZZ "Build the libFuzzer harnesses of tests/fuzz (clang)" OFF)

if(TRAPPE_SANITIZE)
  add_compile_options(-fsanitize=${TRAPPE_SANITIZE} -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=${TRAPPE_SANITIZE})
  if(TRAPPE_SANITIZE MATCHES "undefined")
    add_compile_options(-fno-sanitize-recover=undefined)
  endif()
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    # GCC's flow analysis under the sanitizers reports uninitialized values that are
    # not (in Boost.Beast's optional<size_t>, for one); the plain build keeps the warning.
    add_compile_options(-Wno-maybe-uninitialized)
    if(TRAPPE_SANITIZE MATCHES "thread")
      # TSan does not model atomic_thread_fence, which Boost.Asio's handlers use; GCC
      # says so for every file that includes Asio. TSan runs the batch stream's
      # threads (tests/serve), not Asio's.
      add_compile_options(-Wno-tsan)
    endif()
  endif()
endif()

if(TRAPPE_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "TRAPPE_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++): libFuzzer is part of it")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()
