// Every limit and knob of the server, with defaults that are safe on the open internet
// for a small app. One struct so a host (quest.toml, flags, tests) sets them in one place.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "quest_live/ws/send_queue.hpp"

namespace quest_live::net {

struct ServerConfig {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;    // 0: the OS picks a free port; read it back with Server::port()
  unsigned io_threads = 0;   // 0: one per hardware thread
  // SO_REUSEPORT on the listening socket: several processes (quest serve --workers) listen
  // on one port and the kernel spreads new connections over them.
  bool reuse_port = false;

  // Largest WebSocket message accepted; a bigger one is closed with 1009.
  std::size_t max_message_bytes = 1024 * 1024;
  // Largest HTTP request head (the body of a GET is never read).
  std::size_t max_request_header_bytes = 16 * 1024;
  // Largest HTTP request body read for the application; a bigger one gets 413.
  std::size_t max_request_body_bytes = 8 * 1024 * 1024;
  // Time the application has to answer a request (or decide an upgrade) before the
  // server answers 503 itself. Streams are not limited once started.
  std::chrono::milliseconds request_timeout{30'000};
  // Bytes a streamed response (SSE) may have queued for a slow client before it is closed.
  std::size_t max_stream_queue_bytes = 1024 * 1024;
  // Open WebSocket connections; the next upgrade is refused with 503.
  std::size_t max_connections = 10000;

  // Time for a client to send a complete HTTP request (or upgrade) after connecting, and
  // for the WebSocket closing handshake.
  std::chrono::milliseconds handshake_timeout{10'000};
  // A WebSocket with no traffic is pinged after half of this and dropped after all of it.
  std::chrono::milliseconds idle_timeout{60'000};
  // An idle HTTP keep-alive connection is closed after this.
  std::chrono::milliseconds http_keep_alive_timeout{30'000};
  // Graceful shutdown waits this long for WebSockets to finish closing, then cuts them.
  std::chrono::milliseconds shutdown_drain_timeout{3'000};
  // How often freed heap is handed back to the OS after connections closed (glibc's
  // malloc_trim; native/net/src/memory_trim.hpp says why). 0: never.
  std::chrono::milliseconds memory_trim_interval{10'000};

  // Per-connection outgoing queue; overflow closes the connection with 4008.
  ws::SendQueueLimits send_queue{};

  // Origins accepted on upgrade besides the same origin, e.g. "http://localhost:5173".
  // Compared case-insensitively and exactly (scheme, host and port). "*" accepts any.
  std::vector<std::string> allowed_origins{};
};

}  // namespace quest_live::net
