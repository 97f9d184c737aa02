#include "bytes_codec.hpp"

#include <openssl/evp.h>

namespace quest::codec {

namespace {

std::string translate(std::string text, char from_a, char to_a, char from_b, char to_b) {
  for (char& c : text) {
    if (c == from_a) c = to_a;
    else if (c == from_b) c = to_b;
  }
  return text;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string base64_encode(std::string_view bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  const int written = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(bytes.data()),
                                      static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(written));
  return out;
}

std::string base64url_encode(std::string_view bytes) {
  std::string text = translate(base64_encode(bytes), '+', '-', '/', '_');
  while (!text.empty() && text.back() == '=') text.pop_back();
  return text;
}

// EVP_DecodeBlock wants padded input and reports padding as decoded zero bytes, so
// pad first and trim by the number of '=' we fed it.
std::optional<std::string> base64_decode(std::string_view text) {
  std::string padded(text);
  while (!padded.empty() && padded.back() == '=') padded.pop_back();
  if (padded.size() % 4 == 1) return std::nullopt;
  for (char c : padded) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return std::nullopt;
  }
  const size_t padding = (4 - padded.size() % 4) % 4;
  padded.append(padding, '=');
  std::string out(padded.size() / 4 * 3 + 1, '\0');
  const int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                      reinterpret_cast<const unsigned char*>(padded.data()),
                                      static_cast<int>(padded.size()));
  if (written < 0) return std::nullopt;
  out.resize(static_cast<size_t>(written) - padding);
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  const std::string standard = translate(std::string(text), '-', '+', '_', '/');
  if (standard.find_first_of("+/") != std::string::npos &&
      text.find_first_of("+/") != std::string_view::npos) {
    return std::nullopt;  // '+' and '/' are not part of the url-safe alphabet
  }
  return base64_decode(standard);
}

std::string hex_encode(std::string_view bytes, bool upper) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char byte : bytes) {
    out += digits[byte >> 4];
    out += digits[byte & 0x0F];
  }
  return out;
}

std::optional<std::string> hex_decode(std::string_view text) {
  if (text.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    const int high = hex_value(text[i]);
    const int low = hex_value(text[i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    out += static_cast<char>(high * 16 + low);
  }
  return out;
}

}  // namespace quest::codec
