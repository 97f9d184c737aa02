#include "bindings.hpp"

#include "web_app.hpp"
#include "sse.hpp"
#include "ws_module.hpp"

namespace quest_bindings {

std::shared_ptr<WebApp> install_web_bindings(quest::Vm& vm) {
  auto app = std::make_shared<WebApp>(vm);
  register_sse_methods(vm);
  install_ws_module(vm, app);
  install_web_module(vm, app);
  // The loop's quiet moments (queue drained after some work, at most every 100 ms) are
  // when reference cycles get collected, so a burst of events never pauses for it.
  app->loop().set_idle_hook([&vm] { vm.collect_garbage(); }, std::chrono::milliseconds(100));
  return app;
}

}  // namespace quest_bindings
