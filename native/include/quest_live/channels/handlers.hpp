// What an application plugs into a ChannelEndpoint: handlers per topic pattern, the
// results they return, and the ChannelContext they act through.
//
// Handlers run on the thread that delivered the frame (the transport serializes frames of
// one connection), with no endpoint lock held: they may push, broadcast, track presence,
// or call any endpoint member. An exception thrown by a join handler refuses the join with
// "join crashed"; one thrown by an event handler crashes that channel instance (the client
// gets phx_error and rejoins), as in Phoenix.
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
}

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
  crashed,       // an event handler threw
  closed_by_server,
};

// The handle a handler uses for its own channel instance. Cheap to copy; may be kept and
// used later from any thread (push/broadcast then simply do nothing once the instance ended).
class ChannelContext {
 public:
  ChannelContext(std::shared_ptr<ChannelEndpoint> endpoint, std::shared_ptr<detail::ChannelInstance> instance);

  const std::string& topic() const;
  const std::string& join_ref() const;
  const std::string& connection_id() const;
  // Only ever touched from this connection's handlers, which never run concurrently.
  Assigns& assigns();

  // To this client on this topic (join_ref set, ref null). Inside a join handler the push
  // is held back and sent right after the ok reply (dropped if the join is refused).
  void push(std::string_view event, std::string_view payload_json);
  // To every subscriber of the topic; broadcast_from skips this instance.
  std::size_t broadcast(std::string_view event, std::string_view payload_json);
  std::size_t broadcast_from(std::string_view event, std::string_view payload_json);

  // Presence for this connection on this topic (owner = connection id). Untracked
  // automatically when the instance ends. track/update return the new phx_ref.
  std::optional<std::string> track(const std::string& key, std::string_view meta_json);
  std::optional<std::string> update_presence(const std::string& key, std::string_view meta_json);
  bool untrack(const std::string& key);
  // Pushes "presence_state" to this client. Inside a join handler: after the ok reply.
  void push_presence_state();

  ChannelEndpoint& endpoint() const { return *endpoint_; }

 private:
  std::shared_ptr<ChannelEndpoint> endpoint_;
  std::shared_ptr<detail::ChannelInstance> instance_;
};

struct ChannelHandlers {
  // Required. Decides the join; the payload is the client's channel params.
  std::function<JoinResult(ChannelContext&, const rapidjson::Value& payload)> join = nullptr;
  // Optional. Any event other than the phx_* control events. Missing: no reply.
  std::function<EventResult(ChannelContext&, const std::string& event, const rapidjson::Value& payload)> event = nullptr;
  // Optional. Called once when a joined instance ends, for whatever reason.
  std::function<void(ChannelContext&, LeaveReason)> leave = nullptr;
};

}  // namespace quest_live::channels
