# Builds ${QUEST_LIVE_ASSETS_DIR}/app.js: assets/app.js with the official phoenix and
# phoenix_live_view clients, bundled and minified by esbuild (npm dev dependency of
# assets/, installed by scripts/setup). Without node_modules the target says so and the
# LiveView pages load no client (the dead render still works).
set(assets_src ${PROJECT_SOURCE_DIR}/assets)
set(esbuild ${assets_src}/node_modules/.bin/esbuild)
if(EXISTS ${esbuild})
  add_custom_command(
    OUTPUT ${QUEST_LIVE_ASSETS_DIR}/app.js
    COMMAND ${CMAKE_COMMAND} -E make_directory ${QUEST_LIVE_ASSETS_DIR}
    COMMAND ${esbuild} ${assets_src}/app.js --bundle --minify --format=iife --target=es2019
            --log-level=warning --outfile=${QUEST_LIVE_ASSETS_DIR}/app.js
    DEPENDS ${assets_src}/app.js ${assets_src}/error_overlay.js ${assets_src}/package-lock.json
    WORKING_DIRECTORY ${assets_src}
    COMMENT "esbuild: LiveView client bundle")
  add_custom_target(live_assets ALL DEPENDS ${QUEST_LIVE_ASSETS_DIR}/app.js)
else()
  message(WARNING "assets/node_modules missing (run scripts/setup): no LiveView client bundle")
  add_custom_target(live_assets)
endif()
add_dependencies(quest_bindings live_assets)
