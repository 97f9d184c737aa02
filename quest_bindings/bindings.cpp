#include "bindings.hpp"

#include <algorithm>
#include <memory>

#include "channels_hub.hpp"
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
  install_channels_bindings(vm, app);  // std/web/channels, presence, pubsub
  install_live_module(vm);  // LIVE-HOOK: std/web/liveview
  // The loop's quiet moments (queue drained after some work, at most every 100 ms) are
  // when reference cycles get collected, so a burst of events never pauses for it. A
  // full collection rescans every tracked object, so it runs only once the heap grew by
  // a quarter (or 1000 objects) since the last one: a server holding thousands of idle
  // LiveViews otherwise rescanned them ten times a second under a light event load
  // (bench/live: 1.3 ms of CPU per click at 1,000 views). Young cycles are still
  // collected by the allocator's own schedule. (live_objects is a counter; gc_stats
  // walks the lists.)
  auto live_after_last = std::make_shared<std::size_t>(0);
  app->loop().set_idle_hook([&vm, live_after_last] {
    const std::size_t now = vm.live_objects();
    if (now < *live_after_last + std::max<std::size_t>(1000, *live_after_last / 4)) return;
    vm.collect_garbage();
    *live_after_last = vm.live_objects();
  }, std::chrono::milliseconds(100));
  return app;
}

}  // namespace quest_bindings
