// Beast implementation of WsClient: connect -> handshake -> read loop, plus a write
// queue with one write in flight.
#include "ws_client.hpp"

#include "worker_pool.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include <charconv>
#include <chrono>
#include <deque>

namespace loadgen {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

constexpr auto connect_timeout = std::chrono::seconds(20);
constexpr std::size_t max_incoming_message = 64 * 1024 * 1024;  // presence_state of a big room
constexpr std::size_t retained_buffer_bytes = 16 * 1024;

class BeastWsClient final : public WsClient, public std::enable_shared_from_this<BeastWsClient> {
 public:
  BeastWsClient(Worker& worker, const Target& target, FrameHandler& handler, std::size_t id)
      : WsClient(worker, id), target_(target), handler_(handler), ws_(worker.context()) {}

  void start() override {
    worker().post([self = shared_from_this()] { self->do_connect(); });
  }

  void send(std::string text) override {
    if (failed_ || close_requested_) return;
    outbox_.push_back(std::move(text));
    if (open_ && !writing_) do_write();
  }

  void close() override {
    if (failed_ || close_requested_) return;
    close_requested_ = true;
    if (!open_) return fail("close before open", asio::error::operation_aborted);
    if (writing_) {
      outbox_.erase(outbox_.begin() + 1, outbox_.end());  // keep the one being written
      return;  // on_write starts the close
    }
    outbox_.clear();
    do_close();
  }

 private:
  void do_close() {
    ws_.async_close(websocket::close_code::normal, [self = shared_from_this()](beast::error_code error) {
      if (error) self->fail("close", error);  // else the read loop ends with "closed"
    });
  }

  void do_connect() {
    beast::error_code error;
    const auto address = asio::ip::make_address(target_.host, error);
    if (error) return fail("address " + target_.host, error);
    unsigned short port = 0;
    const auto [end, parse_error] =
        std::from_chars(target_.port.data(), target_.port.data() + target_.port.size(), port);
    if (parse_error != std::errc() || end != target_.port.data() + target_.port.size())
      return fail("port " + target_.port, asio::error::invalid_argument);
    beast::get_lowest_layer(ws_).expires_after(connect_timeout);
    beast::get_lowest_layer(ws_).async_connect(
        tcp::endpoint(address, port),
        [self = shared_from_this()](beast::error_code error) { self->on_connect(error); });
  }

  void on_connect(beast::error_code error) {
    if (failed_) return;  // closed while connecting
    if (error) return fail("connect", error);
    beast::get_lowest_layer(ws_).socket().set_option(tcp::no_delay(true), error);
    ws_.read_message_max(max_incoming_message);
    ws_.auto_fragment(false);
    ws_.async_handshake(target_.host + ":" + target_.port, target_.path,
                        [self = shared_from_this()](beast::error_code error) {
                          self->on_handshake(error);
                        });
  }

  void on_handshake(beast::error_code error) {
    if (failed_) return;
    if (error) return fail("handshake", error);
    beast::get_lowest_layer(ws_).expires_never();
    ws_.text(true);
    open_ = true;
    handler_.on_open(*this);
    do_read();
    if (!outbox_.empty() && !writing_) do_write();
  }

  void do_read() {
    ws_.async_read(inbox_, [self = shared_from_this()](beast::error_code error, std::size_t) {
      self->on_read(error);
    });
  }

  void on_read(beast::error_code error) {
    if (error) return fail("read", error);
    const auto data = inbox_.cdata();
    handler_.on_text(*this, std::string_view(static_cast<const char*>(data.data()), data.size()));
    inbox_.clear();
    // One big message (a presence_state of thousands of users) must not pin its buffer
    // for the rest of the run: thousands of clients would each keep hundreds of KiB.
    if (inbox_.capacity() > retained_buffer_bytes) inbox_.shrink_to_fit();
    do_read();
  }

  void do_write() {
    writing_ = true;
    ws_.async_write(asio::buffer(outbox_.front()),
                    [self = shared_from_this()](beast::error_code error, std::size_t) {
                      self->on_write(error);
                    });
  }

  void on_write(beast::error_code error) {
    if (error) return fail("write", error);
    outbox_.pop_front();
    writing_ = false;
    if (close_requested_) return do_close();
    if (!outbox_.empty()) do_write();
  }

  void fail(const std::string& step, beast::error_code error) {
    if (failed_) return;
    failed_ = true;
    outbox_.clear();
    handler_.on_failed(*this, step + ": " + error.message());
  }

  Target target_;
  FrameHandler& handler_;
  websocket::stream<beast::tcp_stream> ws_;
  beast::flat_buffer inbox_;
  std::deque<std::string> outbox_;
  bool open_ = false;
  bool writing_ = false;  // Beast allows one async_write in flight
  bool failed_ = false;
  bool close_requested_ = false;
};

}  // namespace

std::shared_ptr<WsClient> WsClient::create(Worker& worker, const Target& target,
                                           FrameHandler& handler, std::size_t id) {
  return std::make_shared<BeastWsClient>(worker, target, handler, id);
}

}  // namespace loadgen
