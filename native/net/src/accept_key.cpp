#include "accept_key.hpp"

#include <openssl/evp.h>

#include <cctype>

namespace quest_live::net {

std::string websocket_accept_key(std::string_view client_key) {
  static constexpr std::string_view guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  std::string input(client_key);
  input += guid;
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_size = 0;
  EVP_Digest(input.data(), input.size(), digest, &digest_size, EVP_sha1(), nullptr);
  unsigned char encoded[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
  const int encoded_size = EVP_EncodeBlock(encoded, digest, static_cast<int>(digest_size));
  return std::string(reinterpret_cast<const char*>(encoded), static_cast<std::size_t>(encoded_size));
}

bool is_valid_websocket_key(std::string_view client_key) {
  if (client_key.size() != 24 || client_key.substr(22) != "==") return false;
  for (const char c : client_key.substr(0, 22)) {
    const auto byte = static_cast<unsigned char>(c);
    if (!std::isalnum(byte) && c != '+' && c != '/') return false;
  }
  return true;
}

}  // namespace quest_live::net
