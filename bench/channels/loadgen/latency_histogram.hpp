// Latency histogram with bounded memory: exact microsecond buckets below 1 ms, then
// 64 sub-buckets per power of two (about 1.6 % relative error) up to ~35 minutes.
// Not thread-safe: one per worker thread, merged after the workers stopped.
#pragma once

#include <array>
#include <bit>
#include <cstdint>

namespace loadgen {

class LatencyHistogram {
 public:
  void record_us(std::int64_t micros) {
    const auto value = static_cast<std::uint64_t>(micros < 0 ? 0 : micros);
    ++counts_[bucket_of(value)];
    ++total_;
    if (value > max_us_) max_us_ = value;
  }

  void merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < counts_.size(); ++i) counts_[i] += other.counts_[i];
    total_ += other.total_;
    if (other.max_us_ > max_us_) max_us_ = other.max_us_;
  }

  std::uint64_t count() const { return total_; }
  std::uint64_t max_us() const { return max_us_; }

  // Upper bound of the bucket holding the q-quantile (0 < q <= 1); 0 when empty.
  std::uint64_t quantile_us(double q) const {
    if (total_ == 0) return 0;
    auto rank = static_cast<std::uint64_t>(q * static_cast<double>(total_));
    if (rank == 0) rank = 1;
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < counts_.size(); ++i) {
      seen += counts_[i];
      if (seen >= rank) return upper_bound_of(i);
    }
    return max_us_;
  }

 private:
  static constexpr std::uint64_t linear_limit = 1024;  // exact below this many µs
  static constexpr int sub_bits = 6;                   // 64 sub-buckets per octave
  static constexpr int octaves = 22;                   // 2^10 .. 2^32 µs

  static std::size_t bucket_of(std::uint64_t value) {
    if (value < linear_limit) return static_cast<std::size_t>(value);
    int exponent = std::bit_width(value) - 1;  // >= 10
    if (exponent >= 10 + octaves) return linear_limit + octaves * (1 << sub_bits) - 1;
    const auto sub = (value >> (exponent - sub_bits)) & ((1 << sub_bits) - 1);
    return linear_limit + static_cast<std::size_t>(exponent - 10) * (1 << sub_bits) + sub;
  }

  static std::uint64_t upper_bound_of(std::size_t bucket) {
    if (bucket < linear_limit) return bucket;
    const auto octave = (bucket - linear_limit) >> sub_bits;
    const auto sub = (bucket - linear_limit) & ((1 << sub_bits) - 1);
    const int exponent = static_cast<int>(octave) + 10;
    return (((std::uint64_t{1} << sub_bits) + sub + 1) << (exponent - sub_bits)) - 1;
  }

  std::array<std::uint64_t, linear_limit + octaves * (1 << sub_bits)> counts_{};
  std::uint64_t total_ = 0;
  std::uint64_t max_us_ = 0;
};

}  // namespace loadgen
