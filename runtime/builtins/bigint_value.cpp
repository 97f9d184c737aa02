#include "bigint_value.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>

namespace quest {

void BigInt::trim() {
  while (!limbs_.empty() && limbs_.back() == 0) limbs_.pop_back();
  if (limbs_.empty()) negative_ = false;
}

void BigInt::mul_small_add(std::uint32_t factor, std::uint32_t addend) {
  std::uint64_t carry = addend;
  for (std::uint32_t& limb : limbs_) {
    std::uint64_t cur = static_cast<std::uint64_t>(limb) * factor + carry;
    limb = static_cast<std::uint32_t>(cur % kBase);
    carry = cur / kBase;
  }
  while (carry) {
    limbs_.push_back(static_cast<std::uint32_t>(carry % kBase));
    carry /= kBase;
  }
}

BigInt BigInt::from_int(std::int64_t v) {
  BigInt out;
  out.negative_ = v < 0;
  std::uint64_t mag = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  while (mag) {
    out.limbs_.push_back(static_cast<std::uint32_t>(mag % kBase));
    mag /= kBase;
  }
  return out;
}

std::optional<BigInt> BigInt::parse(const std::string& raw) {
  std::string s;
  for (char c : raw)
    if (c != '_') s += c;
  std::size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  if (b == std::string::npos) return std::nullopt;
  s = s.substr(b, e - b + 1);
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    s.erase(0, 1);
  }
  if (!s.empty() && (s.back() == 'n' || s.back() == 'N')) s.pop_back();
  std::uint32_t base = 10;
  if (s.size() > 2 && s[0] == '0' && std::strchr("xXbBoO", s[1])) {
    base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'b' || s[1] == 'B') ? 2 : 8;
    s.erase(0, 2);
  }
  if (s.empty()) return std::nullopt;
  BigInt out;
  for (char c : s) {
    int digit = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : std::isxdigit(static_cast<unsigned char>(c)) ? std::tolower(c) - 'a' + 10
                                                              : 99;
    if (digit >= static_cast<int>(base)) return std::nullopt;
    out.mul_small_add(base, static_cast<std::uint32_t>(digit));
  }
  out.negative_ = negative;
  out.trim();
  return out;
}

BigInt BigInt::from_bytes_be(const std::string& bytes) {
  BigInt out;
  for (unsigned char c : bytes) out.mul_small_add(256, c);
  out.trim();
  return out;
}

std::string BigInt::to_string() const {
  if (limbs_.empty()) return "0";
  std::string out = std::to_string(limbs_.back());
  for (std::size_t i = limbs_.size() - 1; i-- > 0;) {
    std::string part = std::to_string(limbs_[i]);
    out.append(9 - part.size(), '0');
    out.append(part);
  }
  if (negative_) out.insert(out.begin(), '-');
  return out;
}

std::optional<std::int64_t> BigInt::to_int() const {
  std::uint64_t mag = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;)
    if (__builtin_mul_overflow(mag, std::uint64_t(kBase), &mag) || __builtin_add_overflow(mag, std::uint64_t(limbs_[i]), &mag))
      return std::nullopt;
  constexpr std::uint64_t kLimit = std::uint64_t(1) << 63;  // |INT64_MIN|
  if (negative_) {
    if (mag > kLimit) return std::nullopt;
    return mag == kLimit ? INT64_MIN : -static_cast<std::int64_t>(mag);
  }
  if (mag >= kLimit) return std::nullopt;
  return static_cast<std::int64_t>(mag);
}

double BigInt::to_double() const {
  double v = 0;
  for (std::size_t i = limbs_.size(); i-- > 0;) v = v * kBase + limbs_[i];
  return negative_ ? -v : v;
}

int BigInt::compare_magnitude(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  for (std::size_t i = a.size(); i-- > 0;)
    if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
  return 0;
}

std::vector<std::uint32_t> BigInt::add_magnitude(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> out;
  std::uint32_t carry = 0;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()) || carry; ++i) {
    std::uint64_t cur = carry + static_cast<std::uint64_t>(i < a.size() ? a[i] : 0) + (i < b.size() ? b[i] : 0);
    out.push_back(static_cast<std::uint32_t>(cur % kBase));
    carry = static_cast<std::uint32_t>(cur / kBase);
  }
  return out;
}

// |a| >= |b| required.
std::vector<std::uint32_t> BigInt::sub_magnitude(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::vector<std::uint32_t> out(a);
  std::int64_t borrow = 0;
  for (std::size_t i = 0; i < out.size(); ++i) {
    std::int64_t cur = static_cast<std::int64_t>(out[i]) - borrow - (i < b.size() ? b[i] : 0);
    borrow = cur < 0;
    if (cur < 0) cur += kBase;
    out[i] = static_cast<std::uint32_t>(cur);
  }
  return out;
}

int compare(const BigInt& a, const BigInt& b) {
  if (a.negative_ != b.negative_) return a.negative_ ? -1 : 1;
  int mag = BigInt::compare_magnitude(a.limbs_, b.limbs_);
  return a.negative_ ? -mag : mag;
}

BigInt operator+(const BigInt& a, const BigInt& b) {
  BigInt out;
  if (a.negative_ == b.negative_) {
    out.limbs_ = BigInt::add_magnitude(a.limbs_, b.limbs_);
    out.negative_ = a.negative_;
  } else if (BigInt::compare_magnitude(a.limbs_, b.limbs_) >= 0) {
    out.limbs_ = BigInt::sub_magnitude(a.limbs_, b.limbs_);
    out.negative_ = a.negative_;
  } else {
    out.limbs_ = BigInt::sub_magnitude(b.limbs_, a.limbs_);
    out.negative_ = b.negative_;
  }
  out.trim();
  return out;
}

BigInt operator-(const BigInt& a, const BigInt& b) { return a + b.negated(); }

BigInt operator*(const BigInt& a, const BigInt& b) {
  BigInt out;
  if (a.is_zero() || b.is_zero()) return out;
  std::vector<std::uint64_t> acc(a.limbs_.size() + b.limbs_.size() + 1, 0);
  for (std::size_t i = 0; i < a.limbs_.size(); ++i) {
    std::uint64_t carry = 0;
    for (std::size_t j = 0; j < b.limbs_.size() || carry; ++j) {
      std::uint64_t cur = acc[i + j] + carry + (j < b.limbs_.size() ? static_cast<std::uint64_t>(a.limbs_[i]) * b.limbs_[j] : 0);
      acc[i + j] = cur % BigInt::kBase;
      carry = cur / BigInt::kBase;
    }
  }
  for (std::uint64_t limb : acc) out.limbs_.push_back(static_cast<std::uint32_t>(limb));
  out.negative_ = a.negative_ != b.negative_;
  out.trim();
  return out;
}

void BigInt::divmod(const BigInt& a, const BigInt& b, BigInt& quotient, BigInt& remainder) {
  BigInt divisor = b.abs();
  BigInt rem;
  std::vector<std::uint32_t> q(a.limbs_.size(), 0);
  for (std::size_t i = a.limbs_.size(); i-- > 0;) {
    rem.limbs_.insert(rem.limbs_.begin(), a.limbs_[i]);
    rem.trim();
    // Largest digit d with divisor * d <= rem, by binary search.
    std::uint32_t lo = 0, hi = kBase - 1;
    while (lo < hi) {
      std::uint32_t mid = lo + (hi - lo + 1) / 2;
      BigInt trial = divisor;
      trial.mul_small_add(mid, 0);
      trial.trim();
      if (compare_magnitude(trial.limbs_, rem.limbs_) <= 0) lo = mid;
      else hi = mid - 1;
    }
    q[i] = lo;
    if (lo) {
      BigInt sub = divisor;
      sub.mul_small_add(lo, 0);
      sub.trim();
      rem.limbs_ = sub_magnitude(rem.limbs_, sub.limbs_);
      rem.trim();
    }
  }
  quotient.limbs_ = std::move(q);
  quotient.negative_ = a.negative_ != b.negative_;
  quotient.trim();
  remainder = std::move(rem);
  remainder.negative_ = a.negative_ && !remainder.limbs_.empty();
}

BigInt BigInt::negated() const {
  BigInt out = *this;
  if (!out.limbs_.empty()) out.negative_ = !out.negative_;
  return out;
}

BigInt BigInt::abs() const {
  BigInt out = *this;
  out.negative_ = false;
  return out;
}

BigInt BigInt::pow(std::uint64_t exponent) const {
  BigInt result = from_int(1), base = *this;
  while (exponent) {
    if (exponent & 1) result = result * base;
    exponent >>= 1;
    if (exponent) base = base * base;
  }
  return result;
}

BigInt BigInt::sqrt() const {
  if (is_zero()) return *this;
  // Newton iteration from an over-estimate.
  BigInt x = from_int(1);
  while (compare(x * x, *this) <= 0) x = x * from_int(2);
  for (;;) {
    BigInt q, r;
    divmod(*this, x, q, r);
    BigInt next, unused;
    divmod(x + q, from_int(2), next, unused);
    if (compare(next, x) >= 0) return x;
    x = next;
  }
}

std::size_t BigInt::bit_length() const {
  std::size_t bits = 0;
  BigInt v = abs();
  BigInt two = from_int(2);
  while (!v.is_zero()) {
    BigInt q, r;
    divmod(v, two, q, r);
    v = q;
    ++bits;
  }
  return bits;
}

}  // namespace quest
