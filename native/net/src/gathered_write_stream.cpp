#include "gathered_write_stream.hpp"

#include <boost/asio/write.hpp>

#include "frame_header.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
namespace beast = boost::beast;

namespace {
// Idle connections are the many: one with nothing to write keeps no buffer at all.
void release(std::string& buffer) { std::string().swap(buffer); }
}  // namespace

gathered_write_stream::~gathered_write_stream() {
  // The write in flight (if any) still holds the state; it must not touch the socket
  // or run waiters that refer to this stream.
  state_->socket = nullptr;
  state_->waiters.clear();
}

void gathered_write_stream::uncork() {
  state_->corked = false;
  start_write(state_);  // waiters are told when that write completes
}

void gathered_write_stream::append_message(FrameKind kind, std::string_view payload) {
  if (state_->error) return;
  const auto header = encode_frame_header(kind, payload.size());
  auto& pending = state_->pending;
  pending.append(reinterpret_cast<const char*>(header.bytes.data()), header.size);
  pending.append(payload);
  if (!state_->corked) start_write(state_);
}

void gathered_write_stream::add_flush_waiter(flushed_handler handler) {
  auto& state = *state_;
  const bool settled = state.error || (!state.write_in_flight && state.pending.empty());
  if (!settled) {
    state.waiters.push_back(std::move(handler));
    return;
  }
  asio::post(get_executor(), [handler = std::move(handler), error = state.error]() mutable {
    std::move(handler)(error);
  });
}

void gathered_write_stream::start_write(const std::shared_ptr<State>& state) {
  if (state->write_in_flight || state->corked || state->pending.empty() || state->error ||
      !state->socket) {
    return;
  }
  state->write_in_flight = true;
  state->writing.swap(state->pending);
  asio::async_write(*state->socket, asio::buffer(state->writing),
                    [state](beast::error_code error, std::size_t) { on_written(state, error); });
}

void gathered_write_stream::on_written(const std::shared_ptr<State>& state,
                                       beast::error_code error) {
  state->write_in_flight = false;
  state->writing.clear();
  if (!state->socket) return;  // the stream is gone; nobody waits any more
  if (error) {
    state->error = error;
    state->pending.clear();
  } else {
    start_write(state);  // swaps the buffers: `writing` is reused while busy
  }
  if (!state->write_in_flight) release(state->writing);
  if (state->pending.empty()) release(state->pending);
  notify_waiters(*state);
}

// Waiters run once nothing is pending or in flight (or the writes failed).
void gathered_write_stream::notify_waiters(State& state) {
  if (state.waiters.empty()) return;
  if (!state.error && (state.write_in_flight || !state.pending.empty())) return;
  auto waiters = std::move(state.waiters);
  state.waiters.clear();
  for (auto& waiter : waiters) std::move(waiter)(state.error);
}

void teardown(beast::role_type role, gathered_write_stream& stream, beast::error_code& error) {
  beast::websocket::teardown(role, stream.next_layer(), error);
}

}  // namespace quest_live::net
