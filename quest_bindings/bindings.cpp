#include "bindings.hpp"

#include "web_app.hpp"
#include "live_module.hpp"
#include "sse.hpp"
#include "ws_module.hpp"

namespace quest_bindings {

std::shared_ptr<WebApp> install_web_bindings(quest::Vm& vm) {
  auto app = std::make_shared<WebApp>(vm);
  register_sse_methods(vm);
  install_ws_module(vm, app);
  install_web_module(vm, app);
  install_live_module(vm);  // LIVE-HOOK: std/web/liveview
  // Idle hook: the loop's quiet moments are when cycles get collected.
  // GC-HOOK: enable once Vm::collect_garbage is in main:
  //   app->loop().set_idle_hook([&vm] { vm.collect_garbage(); }, std::chrono::milliseconds(100));
  return app;
}

}  // namespace quest_bindings
