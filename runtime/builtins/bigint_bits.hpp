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
// The magnitude as big-endian bytes, at least one byte (the inverse of from_bytes_be).
std::string magnitude_bytes(const BigInt& a);

}  // namespace quest::bigint_bits
