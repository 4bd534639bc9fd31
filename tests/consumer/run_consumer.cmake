# Builds and runs a consumer project (cmake -P), for ctest:
#   -DMODE=find_package     install BUILD_DIR into a prefix, build the find_package consumer against it
#   -DMODE=add_subdirectory build the add_subdirectory consumer (Trappe as shared libraries, the
#                           only compile of the library here), then install that build and build
#                           the find_package consumer against it too
# with SOURCE_DIR (Trappe's sources), BUILD_DIR, WORK_DIR (emptied first).
cmake_minimum_required(VERSION 3.20)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${status}): ${command}")
  endif()
endfunction()

set(consumers ${SOURCE_DIR}/tests/consumer)
set(examples ${SOURCE_DIR}/examples/profiles/worked-examples.jsonl)

# Installs `build` into WORK_DIR/prefix, checks that only public headers went there,
# and builds and runs the find_package consumer against it with the installed rules.
function(consume_installed build)
  set(prefix ${WORK_DIR}/prefix)
  run(${CMAKE_COMMAND} --install ${build} --prefix ${prefix})
  foreach(private detail/sha256.hpp detail/text.hpp)
    if(EXISTS ${prefix}/include/trappe/${private})
      message(FATAL_ERROR "a private header is installed: ${private}")
    endif()
  endforeach()
  run(${CMAKE_COMMAND} -S ${consumers}/find_package -B ${WORK_DIR}/find_package -G Ninja -DCMAKE_BUILD_TYPE=Release
      -DCMAKE_PREFIX_PATH=${prefix})
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/find_package)
  run(${WORK_DIR}/find_package/consumer ${prefix}/share/trappe/rules/roskilde-2025 ${examples})
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
if(MODE STREQUAL "find_package")
  consume_installed(${BUILD_DIR})
elseif(MODE STREQUAL "add_subdirectory")
  # Only what the consumer and the install need is built: no CLI, tests, benchmarks or bindings.
  run(${CMAKE_COMMAND} -S ${consumers}/add_subdirectory -B ${WORK_DIR}/build -G Ninja -DCMAKE_BUILD_TYPE=Release
      -DTRAPPE_SOURCE_DIR=${SOURCE_DIR} -DBUILD_SHARED_LIBS=ON -DTRAPPE_INSTALL=ON)
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --parallel 2)
  run(${WORK_DIR}/build/consumer ${SOURCE_DIR}/rules/roskilde-2025 ${examples})
  consume_installed(${WORK_DIR}/build)
else()
  message(FATAL_ERROR "MODE must be find_package or add_subdirectory")
endif()
