#include "listener.hpp"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/strand.hpp>
#include <sys/socket.h>

#include "http_session.hpp"
#include "log.hpp"

namespace quest_live::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

listener::listener(std::shared_ptr<Server::Hub> hub, const tcp::endpoint& endpoint)
    : hub_(std::move(hub)), acceptor_(asio::make_strand(*hub_->io)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  if (hub_->config.reuse_port) {
    acceptor_.set_option(asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>(true));
  }
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  port_ = acceptor_.local_endpoint().port();
}

void listener::run() { do_accept(); }

void listener::stop() {
  asio::dispatch(acceptor_.get_executor(), [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
}

void listener::do_accept() {
  // Each connection gets its own strand, so its handlers never run concurrently.
  acceptor_.async_accept(asio::make_strand(*hub_->io),
                         [self = shared_from_this()](boost::system::error_code error,
                                                     tcp::socket socket) {
                           self->on_accept(error, std::move(socket));
                         });
}

void listener::on_accept(boost::system::error_code error, tcp::socket socket) {
  if (error == asio::error::operation_aborted || !acceptor_.is_open()) return;
  if (error) {
    log_line("warn", "listener", "accept: " + error.message());
  } else if (!hub_->stopping) {
    std::make_shared<http_session>(std::move(socket), hub_)->run();
  }
  do_accept();
}

}  // namespace quest_live::net
