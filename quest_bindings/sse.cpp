#include "sse.hpp"

#include "convert.hpp"
#include "quest/host.hpp"
#include "web_app.hpp"

namespace quest_bindings {

using quest::Args;
using quest::Value;
using quest::Vm;

std::string sse_event(std::string_view data, std::string_view event, std::string_view id, std::int64_t retry_ms) {
  std::string out;
  if (!event.empty()) out.append("event: ").append(event).append("\n");
  if (!id.empty()) out.append("id: ").append(id).append("\n");
  if (retry_ms >= 0) out.append("retry: ").append(std::to_string(retry_ms)).append("\n");
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = data.find('\n', start);
    std::string_view line = data.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    out.append("data: ").append(line).append("\n");
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  out.append("\n");
  return out;
}

Value SseTable::open(std::shared_ptr<quest_live::net::HttpStream> stream, std::string last_event_id) {
  const std::uint64_t id = next_id_++;
  auto object = quest::make_ref<SseStreamObject>(vm_.native_class("EventStream"), id, std::move(stream),
                                                 std::move(last_event_id));
  streams_[id] = object;
  return Value(object);
}

void SseTable::closed(std::uint64_t id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  quest::Ref<SseStreamObject> object = it->second;
  streams_.erase(it);
  const Value handler = object->on_close;
  object->on_close = Value::nil();  // the closure may capture the stream: break the cycle
  if (handler.is_nil()) return;
  try {
    vm_.call(handler, {});
  } catch (const quest::QuestError& error) {
    web_log("sse " + std::to_string(id) + " on_close raised: " + quest::format_error(error));
  }
}

SseStreamObject* SseTable::find(std::uint64_t id) {
  auto it = streams_.find(id);
  return it == streams_.end() ? nullptr : it->second.get();
}

namespace {

SseStreamObject& stream_of(const Args& args, std::string_view fn) {
  return quest::self_native<SseStreamObject>(args, fn, "EventStream");
}

// A named argument, else the positional one at `pos` (1-based), else nil.
Value named_or_positional(const Args& args, const char* name, std::size_t pos) {
  if (args.named())
    if (const Value* v = args.named()->find(name)) return *v;
  return args[pos - 1];
}

std::string text_of(Vm& vm, const Value& v) {
  if (v.is_nil()) return "";
  if (v.is_str()) return v.as_str();
  return vm.to_str(v);
}

}  // namespace

void register_sse_methods(Vm& vm) {
  vm.define_class("EventStream", "A Server-Sent Events response (web.sse)");
  const auto method = [&vm](const char* name, int min, int max, quest::NativeFn fn) {
    vm.register_method("EventStream", name, std::move(fn), min, max);
  };
  method("send", 1, 4, [](Vm& vm, const Args& a) {
    SseStreamObject& s = stream_of(a, "send");
    const Value& data = quest::arg_any(a, 1, "send");
    const std::string payload = data.is_dict() || data.is_array() ? to_json(vm, data) : text_of(vm, data);
    const Value retry = named_or_positional(a, "retry", 4);
    if (!retry.is_nil() && !retry.is_int()) quest::throw_error("TypeErr", "send: retry must be Int (milliseconds)");
    const std::string event = text_of(vm, named_or_positional(a, "event", 2));
    const std::string id = text_of(vm, named_or_positional(a, "id", 3));
    if (event.find_first_of("\r\n") != std::string::npos || id.find_first_of("\r\n") != std::string::npos)
      quest::throw_error("ValueErr", "send: event and id must be one line");
    return Value::boolean(s.stream->write(sse_event(payload, event, id, retry.is_nil() ? -1 : retry.as_int())));
  });
  method("comment", 0, 1, [](Vm&, const Args& a) {
    SseStreamObject& s = stream_of(a, "comment");
    std::string text = quest::opt_str(a, 1, "comment", "");
    for (char& c : text)
      if (c == '\n' || c == '\r') c = ' ';
    return Value::boolean(s.stream->write(": " + text + "\n\n"));
  });
  method("close", 0, 0, [](Vm&, const Args& a) {
    stream_of(a, "close").stream->close();
    return Value::nil();
  });
  method("is_open", 0, 0, [](Vm&, const Args& a) { return Value::boolean(stream_of(a, "is_open").stream->is_open()); });
  method("last_event_id", 0, 0, [](Vm&, const Args& a) { return quest::make_str(stream_of(a, "last_event_id").last_event_id); });
  method("on_close", 1, 1, [](Vm&, const Args& a) {
    SseStreamObject& s = stream_of(a, "on_close");
    s.on_close = quest::arg_callable(a, 1, "on_close");
    return Value::nil();
  });
  method("str", 0, 0, [](Vm&, const Args& a) { return quest::make_str(stream_of(a, "str").to_display()); });
}

}  // namespace quest_bindings
