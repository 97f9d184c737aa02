# Runs one e2e suite for ctest (see requirements.cmake): fails naming what is missing,
# or runs `node --test FILES...` and fails when node does.
#   cmake -DFAILURE=<message> -P run_e2e.cmake             fail with that message
#   cmake -DNODE=<node> -DFILES=a|b -DPACKAGES=p|q -DMODULES=<node_modules> -P run_e2e.cmake
if(DEFINED FAILURE)
  message(FATAL_ERROR "${FAILURE}")
endif()
string(REPLACE "|" ";" files "${FILES}")
string(REPLACE "|" ";" packages "${PACKAGES}")
set(missing "")
foreach(package IN LISTS packages)
  if(NOT EXISTS "${MODULES}/${package}/package.json")
    list(APPEND missing "${package}")
  endif()
endforeach()
if(missing)
  string(JOIN ", " what ${missing})
  message(FATAL_ERROR "npm packages missing from ${MODULES}: ${what} (run scripts/setup)")
endif()
execute_process(COMMAND "${NODE}" --test ${files} RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "node --test failed (${status})")
endif()
