// Engine-level replication traffic between the nodes of one application (presence).
//
// An adapter that reaches other nodes (the RedisAdapter) implements this beside
// PubSubAdapter; ChannelEndpoint looks for it and, when found, replicates presence
// through it. Messages carry a `kind` naming their receiver and an opaque body; each
// node sees every other node's messages in that node's publish order, never its own.
// Delivery is at most once: a node that was disconnected has missed messages, which is
// why on_joined exists (the receiver then asks for what it missed).
//
// Thread-safety: every member is safe from any thread. Handlers run on the adapter's
// thread, one at a time, and must not throw.
#pragma once

#include <functional>
#include <string>
#include <string_view>

namespace quest_live::pubsub {

class ControlChannel {
 public:
  using ControlHandler = std::function<void(std::string_view origin, std::string_view kind, std::string_view body)>;
  virtual ~ControlChannel() = default;

  // This node's id on the channel; stable for the adapter's lifetime.
  virtual const std::string& node_id() const = 0;
  // Queued (bounded, see the adapter) and sent in call order.
  virtual void publish_control(std::string_view kind, std::string_view body) = 0;
  // One handler per channel (a later call replaces it): every kind from every other node.
  virtual void on_control(ControlHandler handler) = 0;
  // Called each time this node starts receiving (first subscribe and every resubscribe).
  virtual void on_joined(std::function<void()> handler) = 0;
  // True while this node receives the channel's messages.
  virtual bool joined() const = 0;
};

}  // namespace quest_live::pubsub
