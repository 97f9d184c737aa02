#include "web_app.hpp"

#include <cstdio>
#include <mutex>
#include <set>
#include <thread>

#include "convert.hpp"
#include "dev_error_page.hpp"
#include "multipart.hpp"
#include "quest/host.hpp"

namespace quest_bindings {

using quest::Value;
namespace net = quest_live::net;
namespace ws = quest_live::ws;

void web_log(const std::string& line) {
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::fprintf(stderr, "[web] %s\n", line.c_str());
  std::fflush(stderr);
}

WebApp::WebApp(quest::Vm& vm)
    : vm_(vm),
      loop_(std::make_unique<Loop>(vm)),
      sockets_(std::make_shared<SocketTable>(vm)),
      sse_(std::make_unique<SseTable>(vm)) {}

WebApp::~WebApp() {
  // The Vm is going away: stop the servers without running Quest handlers any more.
  loop_->queue()->close();
  servers_.clear();
  sockets_->clear();
  sse_->clear();
  timers_.clear();
}

void WebApp::add_static(std::string url_prefix, std::string directory) {
  for (auto& [prefix, dir] : statics_)
    if (prefix == url_prefix) {
      dir = std::move(directory);
      return;
    }
  statics_.emplace_back(std::move(url_prefix), std::move(directory));
}

void WebApp::add_websocket(std::string path, WebSocketRoute route) {
  if (route.authorize.is_nil()) {
    authorized_paths_->erase(path);
  } else {
    authorized_paths_->insert(path);
  }
  routes_[std::move(path)] = std::move(route);
}

void WebApp::PathSet::insert(const std::string& path) {
  std::lock_guard lock(mutex_);
  paths_.insert(path);
}

void WebApp::PathSet::erase(const std::string& path) {
  std::lock_guard lock(mutex_);
  paths_.erase(path);
}

bool WebApp::PathSet::contains(std::string_view path) const {
  std::lock_guard lock(mutex_);
  return paths_.find(path) != paths_.end();
}

void WebApp::set_dispatcher(Value dispatch, Value on_error) {
  dispatch_ = std::move(dispatch);
  on_error_ = std::move(on_error);
}

void WebApp::add_sse(std::string path, SseRoute route) { sse_routes_[std::move(path)] = std::move(route); }

// ---------------------------------------------------------------- timers

std::uint64_t WebApp::set_timer(std::chrono::milliseconds delay, Value fn, bool repeat) {
  const std::uint64_t id = next_timer_++;
  timers_[id] = Timer{std::move(fn), delay, repeat};
  std::weak_ptr<WebApp> weak = weak_from_this();
  loop_->queue()->post_after(delay, [weak, id] {
    if (auto app = weak.lock()) app->fire_timer(id);
  });
  return id;
}

bool WebApp::clear_timer(std::uint64_t id) { return timers_.erase(id) > 0; }

void WebApp::fire_timer(std::uint64_t id) {
  auto it = timers_.find(id);
  if (it == timers_.end()) return;  // cleared
  const Value fn = it->second.fn;
  const auto interval = it->second.interval;
  if (!it->second.repeat) timers_.erase(it);
  try {
    vm_.call(fn, {});
  } catch (const quest::QuestError& error) {
    web_log("timer " + std::to_string(id) + " raised: " + quest::format_error(error));
  }
  if (timers_.count(id)) {
    std::weak_ptr<WebApp> weak = weak_from_this();
    loop_->queue()->post_after(interval, [weak, id] {
      if (auto app = weak.lock()) app->fire_timer(id);
    });
  }
}

// ---------------------------------------------------------------- SSE

bool WebApp::start_sse(const net::HttpRequest& request, const net::HttpResponderPtr& responder) {
  auto route = sse_routes_.find(request.path);
  if (route == sse_routes_.end() || (request.method != "GET" && request.method != "HEAD")) return false;
  const Value handler = route->second.handler;
  const auto keep_alive_interval = route->second.keep_alive;
  net::HeaderList headers = {{"Content-Type", "text/event-stream"}, {"Cache-Control", "no-cache"},
                             {"X-Accel-Buffering", "no"}};
  std::shared_ptr<net::HttpStream> stream = responder->stream(200, std::move(headers));
  if (!stream) return true;
  std::string last_event_id;
  for (const auto& [name, value] : request.headers)
    if (name == "last-event-id") last_event_id = value;
  const Value object = sse_->open(stream, last_event_id);
  const std::uint64_t id = object.native_as<SseStreamObject>()->id;
  std::weak_ptr<WebApp> weak = weak_from_this();
  std::shared_ptr<TaskQueue> queue = loop_->queue();
  stream->on_close([weak, queue, id] {
    queue->post_always([weak, id] {
      if (auto app = weak.lock()) app->sse_->closed(id);
    });
  });
  stream->write(": connected\n\n");  // headers and a first chunk reach the client now
  if (log_requests_) web_log(request.method + " " + request.target + " 200 (event stream " + std::to_string(id) + ")");
  try {
    vm_.call(handler, {object, request_dict(request)});
  } catch (const quest::QuestError& error) {
    web_log("sse " + request.path + " handler raised: " + quest::format_error(error));
    stream->close();
    return true;
  }
  keep_alive(id, keep_alive_interval);
  return true;
}

void WebApp::keep_alive(std::uint64_t stream_id, std::chrono::milliseconds interval) {
  std::weak_ptr<WebApp> weak = weak_from_this();
  loop_->queue()->post_after(interval, [weak, stream_id, interval] {
    auto app = weak.lock();
    if (!app) return;
    SseStreamObject* stream = app->sse_->find(stream_id);
    if (!stream || !stream->stream->is_open()) return;
    stream->stream->write(": keep-alive\n\n");
    app->keep_alive(stream_id, interval);
  });
}

// ---------------------------------------------------------------- HTTP

net::HttpResponse WebApp::answer(const Value& request) {
  const Value handler = vm_.global("handle_request");
  Value response;
  if (!dispatch_.is_nil()) {
    response = vm_.call(dispatch_, {request, handler});
  } else if (!handler.is_nil()) {
    if (!handler.is_callable()) quest::throw_error("TypeErr", "handle_request is not a function");
    response = vm_.call(handler, {request});
  }
  if (response.is_nil()) return plain_response(404, "Not Found");
  return response_from_dict(vm_, response);
}

const AppEnv& WebApp::env() {
  if (!env_) env_ = resolve_app_env(std::filesystem::current_path());
  return *env_;
}

net::HttpResponse WebApp::answer_error(const Value& request, const std::string& message,
                                       const std::string& request_line, const quest::QuestError* error) {
  if (!on_error_.is_nil()) {
    try {
      const Value response = vm_.call(on_error_, {request, quest::make_str(message)});
      if (!response.is_nil()) return response_from_dict(vm_, response);
    } catch (const quest::QuestError& error) {
      web_log("error handler raised: " + quest::format_error(error));
    } catch (const InvalidResponse& error) {
      web_log(std::string("error handler: Invalid response: ") + error.what());
    }
  }
  bool development = false;
  try {
    development = !env().production;
  } catch (const AppEnvError& bad) {
    web_log(std::string("error page: ") + bad.what());  // unknown: show nothing
  }
  if (error && development) {
    net::HttpResponse page;
    page.status = 500;
    page.headers.emplace_back("Content-Type", "text/html; charset=utf-8");
    page.headers.emplace_back("Cache-Control", "no-store");
    page.body = dev_error_page(request_line, quest::describe_error(*error));
    return page;
  }
  return plain_response(500, "Internal Server Error");
}

void WebApp::handle_http(net::HttpRequest request, net::HttpResponderPtr responder, Clock::time_point received) {
  if (responder->answered()) return;  // timed out (503) or the client left while queued
  try {
    handle_http_checked(request, responder, received);
  } catch (const MultipartError& error) {
    web_log(request.method + " " + request.target + " 400: " + error.what());
    responder->respond(plain_response(400, std::string("Bad Request: ") + error.what()));
  }
}

void WebApp::handle_http_checked(const net::HttpRequest& request, const net::HttpResponderPtr& responder,
                                 Clock::time_point received) {
  if (start_sse(request, responder)) return;
  net::HttpResponse response;
  const Value request_value = request_dict(request);
  try {
    response = answer(request_value);
  } catch (const quest::QuestError& error) {
    web_log(request.method + " " + request.path + " raised: " + quest::format_error(error));
    response = answer_error(request_value, error.type() + ": " + error.message(), request.method + " " + request.target, &error);
  } catch (const InvalidResponse& error) {
    web_log(request.method + " " + request.path + ": Invalid response: " + error.what());
    response = answer_error(request_value, std::string("Invalid response: ") + error.what(), request.method + " " + request.target, nullptr);
  } catch (const quest::ExitRequest&) {
    web_log(request.method + " " + request.path + " called sys.exit; ignored while serving");
    response = plain_response(500, "Internal Server Error");
  }
  const unsigned status = response.status;
  responder->respond(std::move(response));
  if (log_requests_) {
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - received).count();
    char line[64];
    std::snprintf(line, sizeof line, " %u %.2fms", status, ms);
    web_log(request.method + " " + request.target + line);
  }
}

// ---------------------------------------------------------------- upgrades

void WebApp::decide_upgrade(net::UpgradeRequest request, net::UpgradeDecider decide) {
  auto route = routes_.find(request.path);
  if (route == routes_.end() || route->second.authorize.is_nil()) {
    decide(net::UpgradeDecision::accept());
    return;
  }
  const Value authorize = route->second.authorize;
  try {
    const Value verdict = vm_.call(authorize, {upgrade_request_dict(request)});
    if (verdict.is_bool() && verdict.as_bool()) {
      decide(net::UpgradeDecision::accept());
    } else if (verdict.is_nil() || verdict.is_bool()) {
      decide(net::UpgradeDecision::refuse(401, "Unauthorized"));
    } else if (verdict.is_dict()) {
      decide(refusal_from_dict(vm_, verdict));
    } else {
      web_log("authorize for " + request.path + " returned a " + quest::type_name_of(verdict) +
              " (expected true, false or a response dict)");
      decide(net::UpgradeDecision::refuse(500, "Internal Server Error"));
    }
  } catch (const quest::QuestError& error) {
    web_log("authorize for " + request.path + " raised: " + quest::format_error(error));
    decide(net::UpgradeDecision::refuse(500, "Internal Server Error"));
  } catch (const InvalidResponse& error) {
    web_log("authorize for " + request.path + ": Invalid response: " + error.what());
    decide(net::UpgradeDecision::refuse(500, "Internal Server Error"));
  }
}

// ---------------------------------------------------------------- servers

void WebApp::install_routes(net::Server& server) {
  std::weak_ptr<WebApp> weak = weak_from_this();
  std::shared_ptr<TaskQueue> queue = loop_->queue();
  for (const auto& [prefix, dir] : statics_) server.serve_static(prefix, dir);

  // Engine callbacks: I/O threads, plain data only; the tasks run on the loop.
  for (const auto& [path, route] : routes_) {
    ws::WebSocketHandlers handlers;
    const std::string route_path = path;
    handlers.on_open = [weak, queue, route_path](const ws::WebSocketConnectionPtr& connection) {
      const bool posted = queue->post([weak, connection, route_path] {
        auto app = weak.lock();
        if (!app) return;
        auto route = app->routes_.find(route_path);
        if (route == app->routes_.end()) return;
        app->sockets_->open(connection, route->second.setup, app->sockets_);
      });
      if (!posted) {
        web_log("ws " + connection->id() + " refused: the interpreter queue is full");
        connection->close(1013, "server busy");
      }
    };
    handlers.on_message = [weak, queue](const ws::WebSocketConnectionPtr& connection, std::string_view data,
                                        quest_live::FrameKind kind) {
      const bool posted = queue->post([weak, id = connection->id(), text = std::string(data),
                                       binary = kind == quest_live::FrameKind::binary]() mutable {
        if (auto app = weak.lock()) app->sockets_->message(id, std::move(text), binary);
      });
      if (!posted) {
        web_log("ws " + connection->id() + " closed: the interpreter queue is full");
        connection->close(1013, "server busy");
      }
    };
    handlers.on_close = [weak, queue](const ws::WebSocketConnectionPtr& connection, std::uint16_t code,
                                      std::string_view reason) {
      queue->post_always([weak, id = connection->id(), code, why = std::string(reason)]() mutable {
        if (auto app = weak.lock()) app->sockets_->closed(id, code, std::move(why));
      });
    };
    handlers.on_error = [weak, queue](const ws::WebSocketConnectionPtr& connection, std::string_view what) {
      queue->post([weak, id = connection->id(), text = std::string(what)]() mutable {
        if (auto app = weak.lock()) app->sockets_->error(id, std::move(text));
      });
    };
    server.websockets().route(path, std::move(handlers));
  }

  for (const RouteInstaller& install : route_installers_) install(server);  // std/web/channels

  // Only routes with an authorize function need the interpreter to decide an upgrade;
  // the rest are accepted on the I/O thread, so a join storm does not queue behind
  // Quest work.
  server.on_upgrade_async([weak, queue, authorized = authorized_paths_](net::UpgradeRequest request,
                                                                       net::UpgradeDecider decide) {
    if (!authorized->contains(request.path)) {
      decide(net::UpgradeDecision::accept());
      return;
    }
    if (queue->saturated()) {
      decide(net::UpgradeDecision::refuse(503, "server busy"));
      return;
    }
    auto shared_decide = std::make_shared<net::UpgradeDecider>(std::move(decide));
    const bool posted = queue->post([weak, request = std::move(request), shared_decide]() mutable {
      if (auto app = weak.lock()) app->decide_upgrade(std::move(request), std::move(*shared_decide));
    });
    if (!posted) (*shared_decide)(net::UpgradeDecision::refuse(503, "server busy"));
  });

  server.on_request([weak, queue](net::HttpRequest request, net::HttpResponderPtr responder) {
    const auto received = Clock::now();
    const bool posted = queue->post([weak, request = std::move(request), responder, received]() mutable {
      if (auto app = weak.lock()) app->handle_http(std::move(request), responder, received);
    });
    if (!posted) {
      web_log(request.method + " " + request.target + " 503: the interpreter queue is full");
      net::HttpResponse busy = plain_response(503, "Service Unavailable: server busy\n");
      busy.headers.emplace_back("Retry-After", "1");
      responder->respond(std::move(busy));
    }
  });
}

int WebApp::start(const ServeOptions& options) {
  net::ServerConfig config;
  config.host = options.host;
  config.port = static_cast<std::uint16_t>(options.port);
  config.max_request_body_bytes = options.max_body_bytes;
  config.request_timeout = options.request_timeout;
  config.max_connections = options.max_connections;
  config.allowed_origins = options.allowed_origins;
  config.reuse_port = options.reuse_port;
  auto server = std::make_unique<net::Server>(config);
  install_routes(*server);
  server->start();
  log_requests_ = options.log_requests;
  servers_.push_back(Running{next_handle_, std::move(server)});
  return next_handle_++;
}

WebApp::Running* WebApp::find(int handle) {
  for (Running& running : servers_)
    if (running.handle == handle) return &running;
  return nullptr;
}

std::uint16_t WebApp::port(int handle) const {
  for (const Running& running : servers_)
    if (running.handle == handle) return running.server->port();
  return 0;
}

void WebApp::stop(int handle) {
  Running* running = find(handle);
  if (!running) return;
  std::unique_ptr<net::Server> server = std::move(running->server);
  std::erase_if(servers_, [&](const Running& r) { return r.handle == handle; });
  server->stop();   // closes sockets with 1001; their close events are queued
  server.reset();
  loop_->drain();   // run those close handlers now
}

void WebApp::stop_all() {
  while (!servers_.empty()) stop(servers_.back().handle);
}

std::size_t WebApp::broadcast(const std::string& path, const quest_live::Frame& frame, quest_live::FrameKind kind) {
  std::size_t count = 0;
  for (Running& running : servers_) count += running.server->websockets().broadcast(path, frame, kind);
  return count;
}

int WebApp::serve_forever(const ServeOptions& options) {
  if (!env_logged_) {
    web_log("environment: " + env().describe());  // before binding: a bad value throws
    env_logged_ = true;  // once per process, however many times the app serves
  }
  const int handle = start(options);
  Running* running = find(handle);
  // Signals first: whoever reads the listening line may signal at once.
  running->server->stop_on_signals();
  std::printf("listening on http://%s:%u\n", options.host.c_str(), static_cast<unsigned>(running->server->port()));
  std::fflush(stdout);
  serving_ = true;
  served_ = true;
  // The engine stops itself on a signal; a watcher thread turns "the server has
  // stopped" into a loop task queued after the sockets' close events.
  net::Server* server = running->server.get();
  std::shared_ptr<TaskQueue> queue = loop_->queue();
  Loop* loop = loop_.get();
  std::thread watcher([server, queue, loop] {
    server->wait();
    if (!queue->post_always([loop] { loop->stop(); })) loop->stop();
  });
  loop_->run_forever();
  server->request_stop();
  watcher.join();  // the watcher's wait() has joined the I/O threads
  std::unique_ptr<net::Server> owned = std::move(find(handle)->server);
  std::erase_if(servers_, [&](const Running& r) { return r.handle == handle; });
  owned.reset();
  loop_->drain();  // the close handlers of the sockets the stop closed with 1001
  serving_ = false;
  return 0;
}

void WebApp::stop_serving() {
  for (Running& running : servers_) running.server->request_stop();
}

}  // namespace quest_bindings
