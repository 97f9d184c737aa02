// In-memory stand-ins for the transport: a Connection that records what it was sent, and a
// Scheduler the test advances by hand. They implement the seam the transport implements;
// nothing we ship is replaced.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <rapidjson/document.h>

#include "quest_live/channels/scheduler.hpp"
#include "quest_live/connection.hpp"

namespace quest_live::test {

class RecordingConnection final : public Connection {
 public:
  explicit RecordingConnection(std::string id) : id_(std::move(id)) {}

  const std::string& id() const override { return id_; }

  SendResult send(Frame frame, FrameKind kind) override {
    std::lock_guard lock(mutex_);
    if (close_code_) return SendResult::dropped;
    frames_.push_back(std::move(frame));
    return SendResult::ok;
  }

  void close(std::uint16_t code, std::string reason) override {
    std::lock_guard lock(mutex_);
    if (!close_code_) {
      close_code_ = code;
      close_reason_ = std::move(reason);
    }
  }

  std::vector<Frame> frames() const {
    std::lock_guard lock(mutex_);
    return frames_;
  }
  // Returns and forgets everything sent so far.
  std::vector<Frame> take() {
    std::lock_guard lock(mutex_);
    return std::exchange(frames_, {});
  }
  std::optional<std::uint16_t> close_code() const {
    std::lock_guard lock(mutex_);
    return close_code_;
  }

 private:
  std::string id_;
  mutable std::mutex mutex_;
  std::vector<Frame> frames_;
  std::optional<std::uint16_t> close_code_;
  std::string close_reason_;
};

class ManualScheduler final : public channels::Scheduler {
 public:
  void run_after(std::chrono::milliseconds delay, std::function<void()> task) override {
    std::lock_guard lock(mutex_);
    delays_.push_back(delay);
    tasks_.push_back(std::move(task));
  }

  // Runs every task due so far (and any they schedule), as if the windows elapsed.
  std::size_t run_all() {
    std::size_t ran = 0;
    for (;;) {
      std::vector<std::function<void()>> due;
      {
        std::lock_guard lock(mutex_);
        due.swap(tasks_);
      }
      if (due.empty()) return ran;
      for (auto& task : due) task();
      ran += due.size();
    }
  }
  std::size_t pending() const {
    std::lock_guard lock(mutex_);
    return tasks_.size();
  }
  std::vector<std::chrono::milliseconds> delays() const {
    std::lock_guard lock(mutex_);
    return delays_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<std::function<void()>> tasks_;
  std::vector<std::chrono::milliseconds> delays_;
};

// One sent frame, parsed for assertions.
struct SentFrame {
  rapidjson::Document json;
  std::optional<std::string> join_ref() const { return optional(0); }
  std::optional<std::string> ref() const { return optional(1); }
  std::string topic() const { return json[2].GetString(); }
  std::string event() const { return json[3].GetString(); }
  const rapidjson::Value& payload() const { return json[4]; }
  std::string status() const { return payload()["status"].GetString(); }
  const rapidjson::Value& response() const { return payload()["response"]; }

 private:
  std::optional<std::string> optional(rapidjson::SizeType index) const {
    if (json[index].IsNull()) return std::nullopt;
    return std::string(json[index].GetString());
  }
};

inline SentFrame parse_frame(const Frame& frame) {
  SentFrame sent;
  sent.json.Parse(frame->data(), frame->size());
  return sent;
}

inline std::vector<SentFrame> parse_frames(const std::vector<Frame>& frames) {
  std::vector<SentFrame> parsed;
  for (const auto& frame : frames) parsed.push_back(parse_frame(frame));
  return parsed;
}

}  // namespace quest_live::test
