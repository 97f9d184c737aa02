#include "bigint_bits.hpp"

#include <vector>

namespace quest::bigint_bits {

namespace {

const BigInt& word_base() {
  static const BigInt base = BigInt::from_int(std::int64_t{1} << 32);
  return base;
}

// The magnitude of a non-negative value as 32-bit words, least significant first.
std::vector<std::uint32_t> words_of(BigInt v) {
  std::vector<std::uint32_t> words;
  while (!v.is_zero()) {
    BigInt q, r;
    BigInt::divmod(v, word_base(), q, r);
    words.push_back(static_cast<std::uint32_t>(*r.to_int()));
    v = q;
  }
  return words;
}

BigInt from_words(const std::vector<std::uint32_t>& words) {
  BigInt v;
  for (auto it = words.rbegin(); it != words.rend(); ++it) v = v * word_base() + BigInt::from_int(*it);
  return v;
}

// Two's complement words of `v`, `size` long (the sign extends beyond them).
std::vector<std::uint32_t> twos_complement(const BigInt& v, std::size_t size) {
  const bool negative = v.negative();
  std::vector<std::uint32_t> words = words_of(negative ? v.abs() - BigInt::from_int(1) : v);
  words.resize(size, 0);
  if (negative)
    for (std::uint32_t& w : words) w = ~w;
  return words;
}

std::uint32_t apply(std::uint32_t x, std::uint32_t y, BitOp op) {
  switch (op) {
    case BitOp::And: return x & y;
    case BitOp::Or: return x | y;
    case BitOp::Xor: return x ^ y;
  }
  return 0;
}

BigInt power_of_two(std::uint64_t bits) { return BigInt::from_int(2).pow(bits); }

}  // namespace

BigInt bitwise(const BigInt& a, const BigInt& b, BitOp op) {
  const std::size_t size = std::max(words_of(a.abs()).size(), words_of(b.abs()).size()) + 1;
  std::vector<std::uint32_t> x = twos_complement(a, size), y = twos_complement(b, size), out(size);
  for (std::size_t i = 0; i < size; ++i) out[i] = apply(x[i], y[i], op);
  const bool negative = apply(a.negative() ? ~0u : 0u, b.negative() ? ~0u : 0u, op) != 0;
  if (!negative) return from_words(out);
  for (std::uint32_t& w : out) w = ~w;
  return (from_words(out) + BigInt::from_int(1)).negated();
}

BigInt bit_not(const BigInt& a) { return a.negated() - BigInt::from_int(1); }

BigInt shift_left(const BigInt& a, std::uint64_t bits) { return a * power_of_two(bits); }

BigInt shift_right(const BigInt& a, std::uint64_t bits) {
  BigInt q, r;
  BigInt::divmod(a, power_of_two(bits), q, r);
  if (a.negative() && !r.is_zero()) q = q - BigInt::from_int(1);  // floor, not truncate
  return q;
}

std::string signed_bytes(const BigInt& a) {
  // Enough words for the value plus its sign bit, then drop redundant sign bytes.
  const std::size_t size = words_of(a.abs()).size() + 1;
  std::vector<std::uint32_t> words = twos_complement(a, size);
  std::string out;
  for (auto it = words.rbegin(); it != words.rend(); ++it)
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((*it >> shift) & 0xFF));
  const char fill = a.negative() ? '\xFF' : '\0';
  std::size_t first = 0;
  // A leading fill byte is redundant when the next byte carries the same sign bit.
  while (first + 1 < out.size() && out[first] == fill &&
         ((static_cast<unsigned char>(out[first + 1]) & 0x80) != 0) == a.negative())
    ++first;
  return out.substr(first);
}

BigInt signed_from_bytes(const std::string& bytes) {
  BigInt v = BigInt::from_bytes_be(bytes);
  if (bytes.empty() || (static_cast<unsigned char>(bytes[0]) & 0x80) == 0) return v;
  return v - BigInt::from_int(2).pow(8 * bytes.size());
}

std::string to_base(const BigInt& a, int base) {
  if (a.is_zero()) return "0";
  const BigInt divisor = BigInt::from_int(base);
  std::string digits;
  BigInt v = a.abs();
  while (!v.is_zero()) {
    BigInt q, r;
    BigInt::divmod(v, divisor, q, r);
    digits.push_back("0123456789abcdefghijklmnopqrstuvwxyz"[*r.to_int()]);
    v = q;
  }
  if (a.negative()) digits.push_back('-');
  return std::string(digits.rbegin(), digits.rend());
}

}  // namespace quest::bigint_bits
