// What an application plugs into a ChannelEndpoint: handlers per topic pattern, the
// results they return, the responders asynchronous handlers answer through, and the
// ChannelContext they act through.
//
// Two styles, per route and per kind of handler:
//
// - Synchronous (`join`, `event`): the handler gets the payload as a RapidJSON DOM and
//   returns its answer. It runs on the thread that delivered the frame (the transport's
//   strand for that connection), with no endpoint lock held.
// - Asynchronous (`join_async`, `event_async`): the handler gets the payload's exact JSON
//   text (no DOM is built) and a responder, returns at once, and answers later through
//   the responder from any thread, exactly once. This is the door for an embedding whose
//   handlers run elsewhere (the Quest binding posts the bytes to its interpreter thread
//   and answers from there). Answering inside the handler is allowed and is the same as
//   a synchronous answer.
//
// While a join is undecided (async), the topic's instance is pending: pushes made through
// its context are held and sent right after the ok reply (dropped if refused); frames the
// client sends on that topic are held (at most EndpointOptions::max_held_messages, else an
// error reply "too many messages while joining") and dispatched in order once the join is
// accepted, or answered with an error reply "join refused" if it is refused. A phx_leave
// waits in that queue like any other message. A duplicate phx_join cancels the pending one
// (its held messages get "join cancelled"); a disconnect drops it. A responder whose join
// was cancelled, or whose connection is gone, answers nothing and returns false.
//
// Held messages are dispatched on the thread that accepted the join, one at a time, before
// any later frame on that topic: handlers of one channel instance never run concurrently
// (handlers of different topics of one connection may, when a join is answered off-strand).
//
// Exceptions: thrown by a join handler -> refused with "join crashed"; by an event handler
// -> that instance crashes (the client gets phx_error and rejoins), as in Phoenix.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/container/flat_map.hpp>
#include <rapidjson/document.h>

namespace quest_live::channels {

class ChannelEndpoint;
namespace detail {
struct ChannelInstance;
struct PendingJoin;
struct PendingEvent;
}  // namespace detail

// Per connection, per joined topic. Lives as long as that channel instance. A sorted
// vector (std::map's interface): an app keeps a few assigns per channel, and a map node
// per entry would cost ~100 bytes on every joined connection.
using Assigns = boost::container::flat_map<std::string, std::string, std::less<>>;

struct JoinResult {
  bool accepted = true;
  std::string response_json = "{}";  // handed to the client's receive("ok"/"error", ...)

  static JoinResult accept(std::string response_json = "{}") { return {true, std::move(response_json)}; }
  static JoinResult refuse(std::string_view reason);                  // response {"reason": reason}
  static JoinResult refuse_with(std::string response_json) { return {false, std::move(response_json)}; }
};

struct Reply {
  std::string status = "ok";  // any string; the client matches it with receive(status)
  std::string response_json = "{}";

  static Reply ok(std::string response_json = "{}") { return {"ok", std::move(response_json)}; }
  static Reply error(std::string response_json = "{}") { return {"error", std::move(response_json)}; }
};
using EventResult = std::optional<Reply>;  // nullopt: no reply (legal; the client times out)

enum class LeaveReason {
  left,          // the client sent phx_leave
  rejoined,      // a duplicate phx_join on the same topic replaced this instance
  disconnected,  // the connection closed
  crashed,       // an event handler threw (or its responder called crash())
  closed_by_server,
};

// The handle a handler uses for its own channel instance. Cheap to copy; may be kept and
// used later from any thread (push/broadcast/track then simply do nothing once the
// instance ended).
class ChannelContext {
 public:
  ChannelContext(std::shared_ptr<ChannelEndpoint> endpoint, std::shared_ptr<detail::ChannelInstance> instance);

  const std::string& topic() const;
  const std::string& join_ref() const;
  const std::string& connection_id() const;
  // Not synchronized: touch it from one thread at a time (C++ handlers of one instance
  // never run concurrently; an embedding that answers elsewhere keeps its own state).
  Assigns& assigns();

  // To this client on this topic (join_ref set, ref null). While the join is undecided the
  // push is held and sent right after the ok reply (dropped if the join is refused).
  void push(std::string_view event, std::string_view payload_json);
  // To every subscriber of the topic; broadcast_from skips this instance.
  std::size_t broadcast(std::string_view event, std::string_view payload_json);
  std::size_t broadcast_from(std::string_view event, std::string_view payload_json);

  // Presence for this connection on this topic (owner = connection id). Untracked
  // automatically when the instance ends. track/update return the new phx_ref; nullopt
  // also once the instance has ended.
  std::optional<std::string> track(const std::string& key, std::string_view meta_json);
  std::optional<std::string> update_presence(const std::string& key, std::string_view meta_json);
  bool untrack(const std::string& key);
  // Pushes "presence_state" to this client. While joining: right after the ok reply.
  void push_presence_state();

  ChannelEndpoint& endpoint() const { return *endpoint_; }
  // Identity of this channel instance: equal for every copy of this context, and never
  // shared with another instance while a copy lives (a copy keeps the instance alive).
  const void* instance_id() const { return instance_.get(); }

 private:
  std::shared_ptr<ChannelEndpoint> endpoint_;
  std::shared_ptr<detail::ChannelInstance> instance_;
};

// Answers one phx_join. Copyable (copies share one answer); any member is safe from any
// thread. The first answer wins; later ones return false. If every copy is destroyed
// without an answer, the join is refused with {"reason":"join crashed"}; if
// EndpointOptions::reply_timeout passes first, with {"reason":"join timed out"}.
class JoinResponder {
 public:
  explicit JoinResponder(std::shared_ptr<detail::PendingJoin> pending);

  bool accept(std::string response_json = "{}");
  bool refuse(std::string_view reason);            // response {"reason": reason}
  bool refuse_with(std::string response_json);
  bool answer(JoinResult result);
  bool answered() const;

  const std::string& ref() const;       // the phx_join's ref
  const std::string& join_ref() const;  // the instance's join_ref (the ref if none was sent)
  const std::string& topic() const;
  const std::string& connection_id() const;
  // The instance being joined: pushes and presence through it wait for the ok reply.
  ChannelContext context() const;

 private:
  std::shared_ptr<detail::PendingJoin> pending_;
};

// Answers one client event. Copyable like JoinResponder; first answer wins. If every copy
// is destroyed without an answer, an error reply {"reason":"no reply"} is sent; after
// EndpointOptions::reply_timeout, {"reason":"timeout"}. Nothing is sent for an event that
// carried no ref, or once the instance has ended.
class EventResponder {
 public:
  explicit EventResponder(std::shared_ptr<detail::PendingEvent> pending);

  bool reply(Reply reply);
  bool ok(std::string response_json = "{}") { return reply(Reply::ok(std::move(response_json))); }
  bool error(std::string response_json = "{}") { return reply(Reply::error(std::move(response_json))); }
  bool no_reply();  // answered, on purpose, with nothing (as a sync handler's nullopt)
  // As if the handler had thrown: the instance ends (LeaveReason::crashed), the client
  // gets phx_error and rejoins. `why` goes to the log.
  bool crash(std::string_view why);
  bool answered() const;

  const std::optional<std::string>& ref() const;  // nullopt: the client expects no reply
  const std::string& event() const;
  ChannelContext context() const;

 private:
  std::shared_ptr<detail::PendingEvent> pending_;
};

struct ChannelHandlers {
  // Set exactly one. Decides the join; the payload is the client's channel params.
  std::function<JoinResult(ChannelContext&, const rapidjson::Value& payload)> join = nullptr;
  // Optional. Any event other than the phx_* control events. Missing (both): no reply.
  std::function<EventResult(ChannelContext&, const std::string& event, const rapidjson::Value& payload)> event = nullptr;
  // Optional. Called once when a joined instance ends, for whatever reason, on the thread
  // that ended it (the strand; or the thread whose responder crashed it).
  std::function<void(ChannelContext&, LeaveReason)> leave = nullptr;

  // The asynchronous forms (see the top of this file). `payload_json` is the exact JSON
  // text the client sent (an object), valid only during the call: copy it to keep it.
  std::function<void(ChannelContext&, std::string_view payload_json, JoinResponder)> join_async = nullptr;
  std::function<void(ChannelContext&, const std::string& event, std::string_view payload_json, EventResponder)>
      event_async = nullptr;
};

}  // namespace quest_live::channels
