// The Sec-WebSocket-Accept value of a handshake (RFC 6455 section 4.2.2): base64 of the
// SHA-1 of the client's key followed by the protocol's fixed GUID. OpenSSL does both.
#pragma once

#include <string>
#include <string_view>

namespace quest_live::net {

std::string websocket_accept_key(std::string_view client_key);

// A usable Sec-WebSocket-Key: base64 of 16 bytes (24 characters, "==" padded).
bool is_valid_websocket_key(std::string_view client_key);

}  // namespace quest_live::net
