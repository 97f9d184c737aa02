# How every e2e suite is registered, so that none can leave the run silently:
#   quest_e2e_test(NAME <ctest name> FILES <test files...> [PACKAGES <npm packages...>]
#                  [CHROMIUM] [ENVIRONMENT <k=v...>] [WORKING_DIRECTORY <dir>] [TIMEOUT <s>])
# - node (and chromium with CHROMIUM) are looked up at configure time; when one is
#   missing, configuring warns and the test is still registered, as a test that fails
#   naming what is missing;
# - the npm packages (under tests/e2e/node_modules, installed by scripts/setup) are
#   checked when the test runs, so installing them later needs no reconfigure.
find_program(NODE_EXECUTABLE node)
find_program(CHROMIUM_EXECUTABLE NAMES chromium chromium-browser)
set(QUEST_E2E_ROOT ${CMAKE_CURRENT_LIST_DIR})

function(quest_e2e_test)
  cmake_parse_arguments(E2E "CHROMIUM" "NAME;WORKING_DIRECTORY;TIMEOUT" "FILES;PACKAGES;ENVIRONMENT" ${ARGN})
  set(missing "")
  if(NOT NODE_EXECUTABLE)
    list(APPEND missing "node (Node.js 20)")
  endif()
  if(E2E_CHROMIUM AND NOT CHROMIUM_EXECUTABLE)
    list(APPEND missing "chromium")
  endif()
  if(NOT E2E_WORKING_DIRECTORY)
    set(E2E_WORKING_DIRECTORY ${QUEST_E2E_ROOT})
  endif()
  if(missing)
    string(JOIN ", " what ${missing})
    message(WARNING "${E2E_NAME}: ${what} not found; the test is registered to fail (run scripts/setup)")
    add_test(NAME ${E2E_NAME}
      COMMAND ${CMAKE_COMMAND} "-DFAILURE=${E2E_NAME} cannot run: ${what} not found (run scripts/setup)"
              -P ${QUEST_E2E_ROOT}/run_e2e.cmake)
  else()
    # Lists travel to the script with '|' as separator (';' would split the arguments).
    string(JOIN "|" files ${E2E_FILES})
    string(JOIN "|" packages ${E2E_PACKAGES})
    add_test(NAME ${E2E_NAME}
      COMMAND ${CMAKE_COMMAND} -DNODE=${NODE_EXECUTABLE} "-DFILES=${files}" "-DPACKAGES=${packages}"
              -DMODULES=${QUEST_E2E_ROOT}/node_modules -P ${QUEST_E2E_ROOT}/run_e2e.cmake
      WORKING_DIRECTORY ${E2E_WORKING_DIRECTORY})
    if(E2E_CHROMIUM)
      list(APPEND E2E_ENVIRONMENT "CHROMIUM=${CHROMIUM_EXECUTABLE}")
    endif()
  endif()
  if(NOT E2E_TIMEOUT)
    set(E2E_TIMEOUT 300)
  endif()
  set_tests_properties(${E2E_NAME} PROPERTIES LABELS e2e TIMEOUT ${E2E_TIMEOUT})
  if(E2E_ENVIRONMENT)
    set_tests_properties(${E2E_NAME} PROPERTIES ENVIRONMENT "${E2E_ENVIRONMENT}")
  endif()
endfunction()
