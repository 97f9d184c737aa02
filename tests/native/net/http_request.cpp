// http_request and connection_refused over Beast and Asio, in their own translation
// unit so that it compiles in parallel with the WebSocket client (test_client.cpp).
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <stdexcept>

#include "test_client.hpp"

namespace quest_live::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

HttpReply http_request(std::uint16_t port, const std::string& method_name, const std::string& target) {
  const auto method = http::string_to_verb(method_name);
  if (method == http::verb::unknown) {
    throw std::invalid_argument("http_request: unknown HTTP method '" + method_name + "'");
  }
  asio::io_context io;
  beast::tcp_stream stream(io);
  stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  stream.expires_after(step_deadline);
  http::request<http::empty_body> request{method, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(false);
  http::write(stream, request);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.skip(method == http::verb::head);
  http::read(stream, buffer, parser);
  const auto& response = parser.get();
  HttpReply reply{response.result_int(), std::string(response[http::field::content_type]),
                  response.body(), 0};
  if (auto length = parser.content_length()) reply.content_length = *length;
  return reply;
}

bool connection_refused(std::uint16_t port) {
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  error_code error;
  socket.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), error);
  return error == asio::error::connection_refused;
}

}  // namespace quest_live::test
