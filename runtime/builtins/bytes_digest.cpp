#include "bytes_digest.hpp"

#include <boost/crc.hpp>
#include <memory>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace quest::digest {

namespace {

const EVP_MD* algorithm(std::string_view name) {
  if (name == "md5") return EVP_md5();
  if (name == "sha1") return EVP_sha1();
  if (name == "sha256") return EVP_sha256();
  if (name == "sha384") return EVP_sha384();
  if (name == "sha512") return EVP_sha512();
  return nullptr;
}

}  // namespace

std::optional<std::string> raw(std::string_view name, std::string_view data) {
  const EVP_MD* md = algorithm(name);
  if (!md) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), out, &length, md, nullptr) != 1) return std::nullopt;
  return std::string(reinterpret_cast<char*>(out), length);
}

std::optional<std::string> hmac_raw(std::string_view name, std::string_view key, std::string_view data) {
  const EVP_MD* md = algorithm(name);
  if (!md) return std::nullopt;
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  const unsigned char* result =
      HMAC(md, key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
           data.size(), out, &length);
  if (!result) return std::nullopt;
  return std::string(reinterpret_cast<char*>(out), length);
}

uint32_t crc32(std::string_view data) {
  boost::crc_32_type crc;
  crc.process_bytes(data.data(), data.size());
  return crc.checksum();
}

}  // namespace quest::digest
