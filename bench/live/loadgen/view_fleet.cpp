#include "view_fleet.hpp"

#include <rapidjson/document.h>

#include <cstdlib>
#include <iostream>

namespace live_loadgen {

ViewFleet::ViewFleet(const FleetOptions& options, std::vector<LivePage> pages, std::string page_url)
    : options_(options),
      pages_(std::move(pages)),
      page_url_(std::move(page_url)),
      join_refs_(pages_.size(), 0),
      join_replies_(pages_.size()),
      pool_(options.threads),
      sockets_((pages_.size() + options.views_per_socket - 1) / options.views_per_socket),
      pacer_(sockets_.size(), options.concurrency, [this](std::size_t i) { sockets_[i].client->start(); }) {
  const loadgen::Target target{options.host, options.port, "/live/websocket?vsn=2.0.0"};
  for (std::size_t i = 0; i < sockets_.size(); ++i) {
    sockets_[i].client = loadgen::WsClient::create(pool_.for_client(i), target, *this, i);
  }
  for (std::size_t v = 0; v < pages_.size(); ++v) sockets_[socket_of(v)].views.push_back(v);
}

ViewFleet::~ViewFleet() { pool_.stop(); }

bool ViewFleet::join_all() {
  pacer_.begin();
  if (!pacer_.wait(options_.timeout) || pacer_.failed() > 0) {
    std::cerr << "live_loadgen: " << pacer_.ready() << " of " << sockets_.size() << " sockets joined all views ("
              << pacer_.failed() << " failed)\n";
    return false;
  }
  return true;
}

void ViewFleet::on_open(loadgen::WsClient& client) {
  Socket& socket = sockets_[client.id()];
  socket.joins_left = socket.views.size();
  for (std::size_t view : socket.views) {
    const std::uint64_t ref = socket.next_ref++;
    join_refs_[view] = ref;
    socket.pending[ref] = {view, loadgen::now_ns(), true};
    client.send(join_frame(pages_[view], ref, page_url_));
  }
}

void ViewFleet::send_click(std::size_t view, std::string_view event) {
  Socket& socket = sockets_[socket_of(view)];
  if (socket.failed) return;
  const std::uint64_t ref = socket.next_ref++;
  socket.pending[ref] = {view, loadgen::now_ns(), false};
  socket.client->send(click_frame(pages_[view], join_refs_[view], ref, event));
}

void ViewFleet::post_click(std::size_t view, std::string event) {
  pool_.for_client(socket_of(view)).post([this, view, event = std::move(event)] { send_click(view, event); });
}

void ViewFleet::on_text(loadgen::WsClient& client, std::string_view frame) {
  Socket& socket = sockets_[client.id()];
  rapidjson::Document message;
  message.Parse(frame.data(), frame.size());
  if (message.HasParseError() || !message.IsArray() || message.Size() != 5 || !message[3].IsString()) return;
  const std::string_view event = message[3].GetString();
  if (event != "phx_reply") {
    if (on_push && message[2].IsString() && std::string_view(message[2].GetString()).substr(0, 3) == "lv:") {
      // Our topics are "lv:" + id; the view is found through the socket's list.
      const std::string_view id = std::string_view(message[2].GetString()).substr(3);
      for (std::size_t view : socket.views)
        if (pages_[view].id == id) on_push(view, client.worker().index(), frame);
    }
    return;
  }
  if (!message[1].IsString()) return;
  const auto ref = std::strtoull(message[1].GetString(), nullptr, 10);
  const auto found = socket.pending.find(ref);
  if (found == socket.pending.end()) return;
  const Pending pending = found->second;
  socket.pending.erase(found);
  const auto& payload = message[4];
  const bool ok = payload.IsObject() && payload.HasMember("status") && payload["status"].IsString() &&
                  std::string_view(payload["status"].GetString()) == "ok";
  if (pending.join) {
    join_replies_[pending.view] = std::string(frame);
    if (socket.settled) return;
    if (!ok) {
      if (failures_.fetch_add(1) < 3) std::cerr << "live_loadgen: join refused: " << frame << "\n";
      socket.failed = socket.settled = true;
      pacer_.settled(false);
    } else if (--socket.joins_left == 0) {
      socket.settled = true;
      pacer_.settled(true);
    }
    return;
  }
  if (on_reply) on_reply(Reply{pending.view, client.worker().index(), ok, pending.sent_ns, frame});
}

void ViewFleet::on_failed(loadgen::WsClient& client, std::string_view what) {
  Socket& socket = sockets_[client.id()];
  if (failures_.fetch_add(1) < 3) std::cerr << "live_loadgen: socket " << client.id() << " " << what << "\n";
  socket.failed = true;
  if (!socket.settled) {
    socket.settled = true;
    pacer_.settled(false);
  }
}

std::vector<LivePage> fetch_pages(const std::string& host, const std::string& port, const std::string& path,
                                  std::size_t count) {
  std::vector<LivePage> pages;
  pages.reserve(count);
  HttpClient http(host, port);
  try {
    for (std::size_t i = 0; i < count; ++i) {
      auto page = parse_page(http.get(path));
      if (!page) {
        std::cerr << "live_loadgen: " << path << " is not a LiveView page\n";
        std::exit(1);
      }
      pages.push_back(std::move(*page));
    }
  } catch (const std::exception& error) {
    std::cerr << "live_loadgen: " << error.what() << "\n";
    std::exit(1);
  }
  return pages;
}

}  // namespace live_loadgen
