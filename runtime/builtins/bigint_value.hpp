// Arbitrary-precision integers: sign + magnitude in base 1e9 limbs (little-endian).
// Schoolbook algorithms: fine for the sizes Quest scripts use (hundreds of digits).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace quest {

class BigInt {
 public:
  BigInt() = default;
  static BigInt from_int(std::int64_t v);
  // Decimal, or 0x/0b/0o prefixed; optional sign, `_` separators, surrounding blanks and
  // a trailing `n`. nullopt when the text is not an integer.
  static std::optional<BigInt> parse(const std::string& text);
  static BigInt from_bytes_be(const std::string& bytes);

  std::string to_string() const;
  std::optional<std::int64_t> to_int() const;
  double to_double() const;
  bool is_zero() const { return limbs_.empty(); }
  bool negative() const { return negative_; }
  bool is_even() const { return limbs_.empty() || limbs_[0] % 2 == 0; }

  friend BigInt operator+(const BigInt& a, const BigInt& b);
  friend BigInt operator-(const BigInt& a, const BigInt& b);
  friend BigInt operator*(const BigInt& a, const BigInt& b);
  // Truncating division (toward zero); the remainder has the dividend's sign.
  // Precondition: divisor is not zero.
  static void divmod(const BigInt& a, const BigInt& b, BigInt& quotient, BigInt& remainder);
  friend int compare(const BigInt& a, const BigInt& b);

  BigInt negated() const;
  BigInt abs() const;
  BigInt pow(std::uint64_t exponent) const;
  BigInt sqrt() const;  // floor square root of a non-negative value
  std::size_t bit_length() const;

 private:
  static constexpr std::uint32_t kBase = 1000000000;
  static int compare_magnitude(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);
  static std::vector<std::uint32_t> add_magnitude(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);
  static std::vector<std::uint32_t> sub_magnitude(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);
  void trim();
  void mul_small_add(std::uint32_t factor, std::uint32_t addend);

  std::vector<std::uint32_t> limbs_;
  bool negative_ = false;
};

}  // namespace quest
