// Accepts TCP connections and hands each to a new http_session on its own strand.
#pragma once

#include <boost/asio/ip/tcp.hpp>

#include <memory>

#include "hub.hpp"

namespace quest_live::net {

class listener : public std::enable_shared_from_this<listener> {
 public:
  // Binds and listens at once; throws std::system_error when the address is unusable.
  listener(std::shared_ptr<Server::Hub> hub, const boost::asio::ip::tcp::endpoint& endpoint);

  void run();
  // Stops accepting; sessions already accepted are untouched. Safe from any thread.
  void stop();
  std::uint16_t port() const { return port_; }

 private:
  void do_accept();
  void on_accept(boost::system::error_code error, boost::asio::ip::tcp::socket socket);

  std::shared_ptr<Server::Hub> hub_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
};

}  // namespace quest_live::net
