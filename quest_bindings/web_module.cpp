// _native/web: declarations (static, websocket, the std/web dispatcher), servers
// (start/stop for tests, run for apps) and test helpers (pump, test_request).
// lib/std/web.q is the documented surface over these.
#include <filesystem>
#include <system_error>

#include "convert.hpp"
#include "serve_config.hpp"
#include "test_clients.hpp"
#include "web_app.hpp"
#include "ws_module.hpp"

namespace quest_bindings {

using quest::Args;
using quest::Value;
using quest::Vm;

namespace {

std::string absolute_dir(const std::string& dir) {
  std::error_code ec;
  auto path = std::filesystem::absolute(dir, ec);
  return ec ? dir : path.lexically_normal().string();
}

int checked_port(std::int64_t port, std::string_view fn) {
  if (port < 0 || port > 65535) quest::throw_error("ValueErr", std::string(fn) + ": port " + std::to_string(port) + " is out of range 0-65535");
  return static_cast<int>(port);
}

int start_or_raise(WebApp& app, const ServeOptions& options, std::string_view fn) {
  try {
    return app.start(options);
  } catch (const std::system_error& error) {
    quest::throw_error("IOErr", std::string(fn) + ": cannot listen on " + options.host + ":" +
                                    std::to_string(options.port) + ": " + error.what());
  }
}

// web.run(host, port) inside `quest app.q` or `quest serve app.q` (flags win).
ServeOptions run_options(WebApp& app, const Args& a) {
  ServeOptions options;
  if (app.host_options()) {
    options = app.host_options()->base;
  } else {
    try {
      auto config = load_serve_config(std::filesystem::current_path());
      options = config.options;
      if (config.handler_budget) app.loop().set_task_budget(*config.handler_budget);
    } catch (const ServeConfigError& error) {
      quest::throw_error("ConfigurationErr", error.what());
    }
  }
  if (!a[0].is_nil()) options.host = quest::arg_str(a, 1, "run");
  if (!a[1].is_nil()) options.port = checked_port(quest::arg_int(a, 2, "run"), "run");
  if (app.host_options()) {
    if (app.host_options()->host_flag) options.host = *app.host_options()->host_flag;
    if (app.host_options()->port_flag) options.port = *app.host_options()->port_flag;
  }
  return options;
}

Value response_value(const HttpTestResponse& response) {
  Value result = quest::make_dict();
  Value headers = quest::make_dict();
  for (const auto& [name, value] : response.headers) {
    // Repeated headers (Set-Cookie) are joined with "\n" so none is lost.
    if (Value* existing = headers.as_dict().find(name))
      *existing = quest::make_str(existing->as_str() + "\n" + value);
    else
      headers.as_dict().set(name, quest::make_str(value));
  }
  result.as_dict().set("status", Value::integer(response.status));
  result.as_dict().set("headers", headers);
  result.as_dict().set("body", is_valid_utf8(response.body) ? quest::make_str(response.body)
                                                            : quest::make_bytes(response.body));
  return result;
}

void build_web_module(const std::shared_ptr<WebApp>& app, quest::ModuleBuilder& module) {
  std::weak_ptr<WebApp> weak = app;
  const auto get = [weak] {
    auto shared = weak.lock();
    if (!shared) quest::throw_error("RuntimeErr", "std/web: the web bindings are gone");
    return shared;
  };
  module.doc("Native half of std/web (use std/web instead)");
  module.function("static", [get](Vm&, const Args& a) {
    const std::string& url = quest::arg_str(a, 1, "static");
    const std::string& dir = quest::arg_str(a, 2, "static");
    if (url.empty() || url[0] != '/') quest::throw_error("ValueErr", "static: url_path must start with '/', got '" + url + "'");
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) web_log("static: " + dir + " is not a directory (yet); " + url + " serves nothing until it is");
    get()->add_static(url, absolute_dir(dir));
    return Value::nil();
  }, 2, 2);
  module.function("websocket", [get](Vm&, const Args& a) {
    const std::string& path = quest::arg_str(a, 1, "websocket");
    if (path.empty() || path[0] != '/') quest::throw_error("ValueErr", "websocket: path must start with '/', got '" + path + "'");
    WebSocketRoute route{quest::arg_callable(a, 2, "websocket"), Value::nil()};
    if (!a[2].is_nil()) route.authorize = quest::arg_callable(a, 3, "websocket");
    get()->add_websocket(path, std::move(route));
    return Value::nil();
  }, 2, 3);
  module.function("sse", [get](Vm&, const Args& a) {
    const std::string& path = quest::arg_str(a, 1, "sse");
    if (path.empty() || path[0] != '/') quest::throw_error("ValueErr", "sse: path must start with '/', got '" + path + "'");
    SseRoute route{quest::arg_callable(a, 2, "sse")};
    const std::int64_t keep_alive = quest::opt_int(a, 3, "sse", 15'000);
    if (keep_alive <= 0) quest::throw_error("ValueErr", "sse: keep_alive_ms must be positive");
    route.keep_alive = std::chrono::milliseconds(keep_alive);
    get()->add_sse(path, std::move(route));
    return Value::nil();
  }, 2, 3);
  const auto timer = [get](const char* name, bool repeat) {
    return [get, name, repeat](Vm&, const Args& a) {
      const std::int64_t ms = quest::arg_int(a, 1, name);
      if (ms < 0 || (repeat && ms == 0)) quest::throw_error("ValueErr", std::string(name) + ": bad delay " + std::to_string(ms));
      return Value::integer(static_cast<std::int64_t>(
          get()->set_timer(std::chrono::milliseconds(ms), quest::arg_callable(a, 2, name), repeat)));
    };
  };
  module.function("set_timeout", timer("set_timeout", false), 2, 2);
  module.function("set_interval", timer("set_interval", true), 2, 2);
  module.function("clear_timer", [get](Vm&, const Args& a) {
    return Value::boolean(get()->clear_timer(static_cast<std::uint64_t>(quest::arg_int(a, 1, "clear_timer"))));
  }, 1, 1);
  module.function("set_dispatcher", [get](Vm&, const Args& a) {
    get()->set_dispatcher(quest::arg_callable(a, 1, "set_dispatcher"), quest::arg_callable(a, 2, "set_dispatcher"));
    return Value::nil();
  }, 2, 2);
  module.function("start", [get](Vm&, const Args& a) {
    auto shared = get();
    ServeOptions options;
    options.host = quest::opt_str(a, 1, "start", "127.0.0.1");
    options.port = checked_port(quest::opt_int(a, 2, "start", 0), "start");
    options.log_requests = quest::opt_bool(a, 3, "start", false);
    const int handle = start_or_raise(*shared, options, "start");
    return quest::make_array({Value::integer(handle), Value::integer(shared->port(handle))});
  }, 0, 3);
  module.function("stop", [get](Vm&, const Args& a) {
    get()->stop(static_cast<int>(quest::arg_int(a, 1, "stop")));
    return Value::nil();
  }, 1, 1);
  module.function("run", [get](Vm&, const Args& a) {
    auto shared = get();
    if (shared->serving()) quest::throw_error("RuntimeErr", "run: already serving");
    const ServeOptions options = run_options(*shared, a);
    try {
      shared->serve_forever(options);
    } catch (const AppEnvError& error) {
      quest::throw_error("ConfigurationErr", std::string("run: ") + error.what());
    } catch (const std::system_error& error) {
      quest::throw_error("IOErr", "run: cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + error.what());
    }
    return Value::nil();
  }, 0, 2);
  // env() -> "development" or "production" (QUEST_ENV, [std.web] env, default development).
  module.function("env", [get](Vm&, const Args&) {
    try {
      return quest::make_str(get()->env().name());
    } catch (const AppEnvError& error) {
      quest::throw_error("ConfigurationErr", error.what());
    }
  }, 0, 0);
  module.function("set_handler_budget", [get](Vm&, const Args& a) {
    const std::int64_t ms = quest::arg_int(a, 1, "set_handler_budget");
    if (ms <= 0) quest::throw_error("ValueErr", "set_handler_budget: the budget must be positive");
    get()->loop().set_task_budget(std::chrono::milliseconds(ms));
    return Value::nil();
  }, 1, 1);
  module.function("pump", [get](Vm&, const Args& a) {
    const auto deadline = Clock::now() + std::chrono::milliseconds(quest::opt_int(a, 1, "pump", 0));
    auto shared = get();
    shared->loop().run_until([] { return false; }, deadline);
    shared->loop().drain();
    return Value::nil();
  }, 0, 1);
  module.function("test_request", [get](Vm&, const Args& a) {
    auto shared = get();
    const std::string method = quest::arg_str(a, 1, "test_request");
    const std::string& url = quest::arg_str(a, 2, "test_request");
    std::string body;
    if (a[2].is_str()) body = a[2].as_str();
    else if (a[2].is_bytes()) body = a[2].as_bytes().data;
    else if (!a[2].is_nil()) quest::throw_arg_type(a, 3, "test_request", "Str or Bytes");
    std::string error;
    auto parsed = parse_client_url(url, "http", error);
    if (!parsed) quest::throw_error("ValueErr", "test_request: " + error);
    std::weak_ptr<TaskQueue> queue = shared->loop().queue();
    HttpTestRequest request(std::move(*parsed), method, header_pairs_from(a[3], "test_request"), std::move(body), [queue] {
      if (auto q = queue.lock()) q->wake();
    });
    const auto deadline = Clock::now() + std::chrono::milliseconds(quest::opt_int(a, 5, "test_request", 10'000));
    shared->loop().run_until([&] { return request.done(); }, deadline);
    if (!request.done()) quest::throw_error("IOErr", "test_request: no answer from " + url + " in time");
    const HttpTestResponse response = request.result();
    if (!response.error.empty()) quest::throw_error("IOErr", "test_request " + url + ": " + response.error);
    return response_value(response);
  }, 2, 5);
  // Leak checks in tests: collect cycles now, then count live heap objects.
  module.function("live_objects", [](Vm& vm, const Args&) {
    vm.collect_garbage();
    return Value::integer(static_cast<std::int64_t>(vm.live_objects()));
  }, 0, 0);
  module.function("serving", [get](Vm&, const Args&) { return Value::boolean(get()->serving()); }, 0, 0);
}

}  // namespace

void install_web_module(quest::Vm& vm, const std::shared_ptr<WebApp>& app) {
  vm.register_native_module("_native/web", [app](Vm&, quest::ModuleBuilder& module) { build_web_module(app, module); });
}

}  // namespace quest_bindings
