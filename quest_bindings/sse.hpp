// Server-Sent Events for std/web: web.sse(path, fun (stream, request) ... end).
//
// A GET on an SSE path starts a streamed response (text/event-stream) and hands the
// handler a `stream` object: send(data, event:, id:, retry:), comment(text), close(),
// is_open(), last_event_id() (the client's Last-Event-ID header, "" when none),
// on_close(fun () ...). The stream stays open after the handler returns; the app sends
// from timers (web.set_interval) or other handlers. A comment line is written every
// keep-alive interval so proxies and the client see a live connection.
//
// The table holds, per open stream, its Quest object and on_close handler; the entry
// is erased (releasing them) when the engine reports the stream's end. Loop thread only.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "quest/vm.hpp"
#include "quest_live/net/http_app.hpp"

namespace quest_bindings {

class SseStreamObject final : public quest::NativeObject {
 public:
  SseStreamObject(const quest::NativeClass* cls, std::uint64_t id, std::shared_ptr<quest_live::net::HttpStream> stream,
                  std::string last_event_id)
      : NativeObject(cls), id(id), stream(std::move(stream)), last_event_id(std::move(last_event_id)) {}
  std::string to_display() const override { return "<EventStream " + std::to_string(id) + ">"; }

  const std::uint64_t id;
  const std::shared_ptr<quest_live::net::HttpStream> stream;
  const std::string last_event_id;
  quest::Value on_close;  // set by stream.on_close; cleared when the stream ends
};

class SseTable {
 public:
  explicit SseTable(quest::Vm& vm) : vm_(vm) {}

  // A Quest object for a stream that has just started.
  quest::Value open(std::shared_ptr<quest_live::net::HttpStream> stream, std::string last_event_id);
  // The engine reported the end: runs on_close once and forgets the stream.
  void closed(std::uint64_t id);
  SseStreamObject* find(std::uint64_t id);
  std::size_t size() const { return streams_.size(); }
  void clear() { streams_.clear(); }

 private:
  quest::Vm& vm_;
  std::unordered_map<std::uint64_t, quest::Ref<SseStreamObject>> streams_;
  std::uint64_t next_id_ = 1;
};

// One SSE event: "event:", "id:", "retry:" lines when given, one "data:" line per line
// of `data`, then a blank line.
std::string sse_event(std::string_view data, std::string_view event, std::string_view id, std::int64_t retry_ms);

// Defines the EventStream class and its methods.
void register_sse_methods(quest::Vm& vm);

}  // namespace quest_bindings
