// Bit operations on BigInt with Python's semantics: negative values behave as two's
// complement with infinite sign extension, `>>` floors. Pure functions over BigInt,
// so they can be tested without a Vm.
#pragma once

#include <cstdint>
#include <string>

#include "bigint_value.hpp"

namespace quest::bigint_bits {

enum class BitOp { And, Or, Xor };

BigInt bitwise(const BigInt& a, const BigInt& b, BitOp op);
BigInt bit_not(const BigInt& a);                        // -a - 1
BigInt shift_left(const BigInt& a, std::uint64_t bits);  // a * 2^bits
BigInt shift_right(const BigInt& a, std::uint64_t bits); // floor(a / 2^bits)
// Minimal big-endian two's complement bytes (255 -> 00 FF, -1 -> FF), as upstream's
// to_bytes(); signed_from_bytes is its inverse.
std::string signed_bytes(const BigInt& a);
BigInt signed_from_bytes(const std::string& bytes);
// Digits in base 2..36, lowercase, with a leading '-' for negatives.
std::string to_base(const BigInt& a, int base);

}  // namespace quest::bigint_bits
