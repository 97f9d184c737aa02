#include <doctest/doctest.h>

#include "endpoint_fixture.hpp"

using namespace quest_live;
using namespace quest_live::test;

TEST_SUITE("channel endpoint: joins and replies") {
  TEST_CASE("heartbeat on topic phoenix is answered by ref without a join") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.send(client, R"([null,"17","phoenix","heartbeat",{}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 1);
    CHECK_FALSE(frames[0].join_ref().has_value());
    CHECK(frames[0].ref() == std::optional<std::string>("17"));
    CHECK(frames[0].topic() == "phoenix");
    CHECK(frames[0].event() == "phx_reply");
    CHECK(frames[0].status() == "ok");
    CHECK(frames[0].response().ObjectEmpty());
  }

  TEST_CASE("an accepted join replies ok with the handler's response, then the held-back push") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.send(client, R"(["3","3","room:lobby","phx_join",{"user":"ann"}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].join_ref() == std::optional<std::string>("3"));
    CHECK(frames[0].ref() == std::optional<std::string>("3"));
    CHECK(frames[0].event() == "phx_reply");
    CHECK(frames[0].status() == "ok");
    CHECK(std::string(frames[0].response()["joined_as"].GetString()) == "ann");
    CHECK(frames[1].event() == "welcome");
    CHECK(frames[1].join_ref() == std::optional<std::string>("3"));
    CHECK_FALSE(frames[1].ref().has_value());
  }

  TEST_CASE("a refused join replies error with the reason and subscribes nothing") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.send(client, R"(["3","3","room:lobby","phx_join",{}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 1);  // the push made before refusing is dropped
    CHECK(frames[0].status() == "error");
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "user required");
    CHECK(f.endpoint->pubsub().subscriber_count("room:lobby") == 0);
    CHECK(f.endpoint->broadcast("room:lobby", "x", "{}") == 0);
  }

  TEST_CASE("a join handler that throws refuses with join crashed") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.send(client, R"(["3","3","room:lobby","phx_join",{"explode":true}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].status() == "error");
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "join crashed");
    CHECK_FALSE(f.log_lines.empty());
  }

  TEST_CASE("a join on a topic without a route is refused as unmatched topic with a null join_ref") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.send(client, R"(["5","5","nope:1","phx_join",{}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 1);
    CHECK_FALSE(frames[0].join_ref().has_value());
    CHECK(frames[0].ref() == std::optional<std::string>("5"));
    CHECK(frames[0].status() == "error");
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "unmatched topic");
  }

  TEST_CASE("exact routes match only their topic") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.send(client, R"(["1","1","lobby","phx_join",{}])");
    f.send(client, R"(["2","2","lobby:x","phx_join",{}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].status() == "ok");
    CHECK(frames[1].status() == "error");
  }

  TEST_CASE("an event on a topic not joined gets unmatched topic") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.send(client, R"(["9","10","room:lobby","new_msg",{"body":"hi"}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].ref() == std::optional<std::string>("10"));
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "unmatched topic");
  }

  TEST_CASE("a join without a ref cannot be answered and is ignored") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.send(client, R"([null,null,"room:lobby","phx_join",{"user":"ann"}])");
    CHECK(client->frames().empty());
    CHECK(f.endpoint->pubsub().subscriber_count("room:lobby") == 0);
  }

  TEST_CASE("too many channels on one connection") {
    EndpointFixture f(1);
    auto client = f.connect("a");
    f.join(client, "room:1", "ann", "1");
    f.send(client, R"(["2","2","room:2","phx_join",{"user":"ann"}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 1);
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "too many channels joined");
  }
}

TEST_SUITE("channel endpoint: events, pushes, broadcasts") {
  TEST_CASE("a push gets its reply by ref, carrying the join_ref") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.join(client, "room:1", "ann", "4");
    f.send(client, R"(["4","12","room:1","whoami",{}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].join_ref() == std::optional<std::string>("4"));
    CHECK(frames[0].ref() == std::optional<std::string>("12"));
    CHECK(frames[0].status() == "ok");
    CHECK(std::string(frames[0].response()["user"].GetString()) == "ann");  // assigns kept from join
  }

  TEST_CASE("a reply may carry an error status") {
    EndpointFixture f;
    auto client = f.connect("a");
    f.join(client, "room:1", "ann");
    f.send(client, R"(["1","2","room:1","unknown",{}])");
    auto frames = f.take(client);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].status() == "error");
  }

  TEST_CASE("broadcast reaches every joined client, sender included, with one shared frame") {
    EndpointFixture f;
    auto ann = f.connect("a");
    auto bob = f.connect("b");
    auto outsider = f.connect("c");
    f.join(ann, "room:1", "ann");
    f.join(bob, "room:1", "bob");
    f.join(outsider, "room:2", "cat");
    f.send(ann, R"(["1","7","room:1","new_msg",{"body":"hi"}])");
    auto ann_frames = ann->take();
    auto bob_frames = bob->take();
    REQUIRE(ann_frames.size() == 2);  // broadcast, then the reply
    REQUIRE(bob_frames.size() == 1);
    CHECK(ann_frames[0].get() == bob_frames[0].get());
    auto broadcast = parse_frame(bob_frames[0]);
    CHECK_FALSE(broadcast.join_ref().has_value());
    CHECK_FALSE(broadcast.ref().has_value());
    CHECK(broadcast.event() == "new_msg");
    CHECK(std::string(broadcast.payload()["user"].GetString()) == "ann");
    CHECK(parse_frame(ann_frames[1]).event() == "phx_reply");
    CHECK(outsider->frames().empty());
  }

  TEST_CASE("broadcast_from skips the sender, and an event may have no reply") {
    EndpointFixture f;
    auto ann = f.connect("a");
    auto bob = f.connect("b");
    f.join(ann, "room:1", "ann");
    f.join(bob, "room:1", "bob");
    f.send(ann, R"(["1","8","room:1","shout",{}])");
    CHECK(ann->frames().empty());
    auto frames = f.take(bob);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].event() == "shout");
  }

  TEST_CASE("endpoint broadcast_from by connection id skips that connection") {
    EndpointFixture f;
    auto ann = f.connect("a");
    auto bob = f.connect("b");
    f.join(ann, "room:1", "ann");
    f.join(bob, "room:1", "bob");
    CHECK(f.endpoint->broadcast_from("a", "room:1", "note", "{}") == 1);
    CHECK(ann->frames().empty());
    CHECK(bob->frames().size() == 1);
  }

  TEST_CASE("server push goes to one joined client with its join_ref and a null ref") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.join(ann, "room:1", "ann", "6");
    CHECK(f.endpoint->push("a", "room:1", "hello", R"({"n":1})"));
    CHECK_FALSE(f.endpoint->push("a", "room:2", "hello", "{}"));
    CHECK_FALSE(f.endpoint->push("nobody", "room:1", "hello", "{}"));
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].join_ref() == std::optional<std::string>("6"));
    CHECK_FALSE(frames[0].ref().has_value());
    CHECK(frames[0].payload()["n"].GetInt() == 1);
  }

  TEST_CASE("an event carrying an older join_ref is dropped silently") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.join(ann, "room:1", "ann", "5");
    f.send(ann, R"(["4","9","room:1","whoami",{}])");
    CHECK(ann->frames().empty());
    f.send(ann, R"([null,"10","room:1","whoami",{}])");  // a null join_ref is accepted
    CHECK(ann->frames().size() == 1);
  }

  TEST_CASE("an event handler that throws crashes the channel with phx_error") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.join(ann, "room:1", "ann", "2");
    f.send(ann, R"(["2","3","room:1","crash",{}])");
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].event() == "phx_error");
    CHECK(frames[0].join_ref() == std::optional<std::string>("2"));
    CHECK(f.endpoint->pubsub().subscriber_count("room:1") == 0);
    REQUIRE(f.leaves.size() == 1);
    CHECK(f.leaves[0].second == LeaveReason::crashed);
  }
}

TEST_SUITE("channel endpoint: leaving and closing") {
  TEST_CASE("leave replies ok, sends phx_close and stops broadcasts") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.join(ann, "room:1", "ann", "3");
    f.send(ann, R"(["3","4","room:1","phx_leave",{}])");
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].event() == "phx_reply");
    CHECK(frames[0].ref() == std::optional<std::string>("4"));
    CHECK(frames[0].status() == "ok");
    CHECK(frames[1].event() == "phx_close");
    CHECK(frames[1].join_ref() == std::optional<std::string>("3"));
    CHECK(frames[1].ref() == std::optional<std::string>("3"));
    CHECK(f.endpoint->broadcast("room:1", "x", "{}") == 0);
    REQUIRE(f.leaves.size() == 1);
    CHECK(f.leaves[0].second == LeaveReason::left);
  }

  TEST_CASE("leave of a topic not joined only replies ok") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.send(ann, R"(["3","4","room:1","phx_leave",{}])");
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].status() == "ok");
  }

  TEST_CASE("leave with a stale join_ref is ignored") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.join(ann, "room:1", "ann", "3");
    f.send(ann, R"(["2","4","room:1","phx_leave",{}])");
    CHECK(ann->frames().empty());
    CHECK(f.endpoint->pubsub().subscriber_count("room:1") == 1);
  }

  TEST_CASE("a duplicate join closes the old instance and proceeds with the new one") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.join(ann, "room:1", "ann", "3");
    f.send(ann, R"(["8","8","room:1","phx_join",{"user":"ann2"}])");
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 3);
    CHECK(frames[0].event() == "phx_close");
    CHECK(frames[0].join_ref() == std::optional<std::string>("3"));
    CHECK(frames[1].event() == "phx_reply");
    CHECK(frames[1].join_ref() == std::optional<std::string>("8"));
    CHECK(frames[1].status() == "ok");
    CHECK(frames[2].event() == "welcome");
    CHECK(f.endpoint->pubsub().subscriber_count("room:1") == 1);
    REQUIRE(f.leaves.size() == 1);
    CHECK(f.leaves[0].second == LeaveReason::rejoined);
  }

  TEST_CASE("server-side close_channel sends phx_close") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.join(ann, "room:1", "ann", "3");
    CHECK(f.endpoint->close_channel("a", "room:1"));
    CHECK_FALSE(f.endpoint->close_channel("a", "room:1"));
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].event() == "phx_close");
    CHECK(f.leaves.at(0).second == LeaveReason::closed_by_server);
  }

  TEST_CASE("closing a connection unsubscribes it, untracks its presence and runs leave handlers") {
    EndpointFixture f;
    auto ann = f.connect("a");
    auto bob = f.connect("b");
    f.send(ann, R"(["1","1","room:1","phx_join",{"user":"ann","presence":true}])");
    f.send(ann, R"(["2","2","room:2","phx_join",{"user":"ann"}])");
    f.join(bob, "room:1", "bob");
    CHECK(f.endpoint->connection_count() == 2);
    f.scheduler->run_all();
    bob->take();

    f.endpoint->on_close("a");
    CHECK(f.endpoint->connection_count() == 1);
    CHECK(f.endpoint->pubsub().subscriber_count("room:1") == 1);
    CHECK(f.endpoint->pubsub().subscriber_count("room:2") == 0);
    CHECK(f.endpoint->presence().list("room:1").empty());
    CHECK(f.leaves.size() == 2);
    f.scheduler->run_all();
    auto frames = f.take(bob);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].event() == "presence_diff");
    CHECK(frames[0].payload()["leaves"].HasMember("ann"));
    f.endpoint->on_close("a");  // a second close is harmless
  }
}

TEST_SUITE("channel endpoint: bad input") {
  TEST_CASE("a frame that is not JSON is logged and ignored; the connection stays usable") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.send(ann, "this is not json");
    CHECK(ann->frames().empty());
    CHECK_FALSE(ann->close_code().has_value());
    CHECK(f.log_lines.size() == 1);
    f.send(ann, R"([null,"1","phoenix","heartbeat",{}])");
    CHECK(ann->frames().size() == 1);
  }

  TEST_CASE("a malformed frame with a readable ref and topic gets an error reply") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.send(ann, R"(["1","2","room:1","new_msg"])");
    f.send(ann, R"(["1","3","room:1","new_msg","not an object"])");
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 2);
    CHECK(frames[0].ref() == std::optional<std::string>("2"));
    CHECK(frames[0].status() == "error");
    CHECK(std::string(frames[0].response()["reason"].GetString()).find("malformed message") == 0);
    CHECK(std::string(frames[1].response()["reason"].GetString()) == "malformed message: payload must be an object");
  }

  TEST_CASE("invalid UTF-8 gets an error reply when the address is readable") {
    EndpointFixture f;
    auto ann = f.connect("a");
    f.send(ann, std::string(R"(["1","2","room:1","new_msg",{"body":")") + "\xff" + R"("}])");
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 1);
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "malformed message: invalid UTF-8");
  }

  TEST_CASE("an oversized frame closes only that connection with 1009") {
    EndpointFixture f;
    auto ann = f.connect("a");
    auto bob = f.connect("b");
    f.join(bob, "room:1", "bob");
    f.send(ann, R"(["1","2","room:1","new_msg",{"body":")" + std::string(5000, 'x') + R"("}])");
    CHECK(ann->close_code() == std::optional<std::uint16_t>(close_code::message_too_big));
    CHECK_FALSE(bob->close_code().has_value());
    f.send(bob, R"(["1","3","room:1","whoami",{}])");
    CHECK(bob->frames().size() == 1);
  }

  TEST_CASE("a binary push is refused with an error reply; unreadable binary is ignored") {
    EndpointFixture f;
    auto ann = f.connect("a");
    std::string push("\x00\x01\x01\x06\x06", 5);
    push += "1" "5" "room:1" "upload" "bytes";
    f.endpoint->on_binary(ann, push);
    f.endpoint->on_binary(ann, std::string("\x07garbage", 8));
    auto frames = f.take(ann);
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].ref() == std::optional<std::string>("5"));
    CHECK(std::string(frames[0].response()["reason"].GetString()) == "binary frames are not supported");
    CHECK(f.log_lines.size() == 2);
  }

  TEST_CASE("garbage from one client never reaches or disturbs another") {
    EndpointFixture f;
    auto ann = f.connect("a");
    auto bob = f.connect("b");
    f.join(ann, "room:1", "ann");
    f.join(bob, "room:1", "bob");
    for (const char* garbage : {"", "[", "[]", "{}", "null", R"([1,2,3,4,5])", R"(["1","2","room:1"])"}) {
      f.send(ann, garbage);
    }
    CHECK(bob->frames().empty());
    f.send(bob, R"(["1","9","room:1","new_msg",{}])");
    CHECK(ann->frames().size() == 2);  // one error reply for the 3-element array, one broadcast
  }
}

TEST_SUITE("channel endpoint: a context kept by the application") {
  TEST_CASE("a stored context pushes while its instance lives and does nothing after") {
    auto scheduler = std::make_shared<ManualScheduler>();
    auto endpoint = ChannelEndpoint::create(scheduler, {.log = [](std::string_view) {}});
    std::optional<ChannelContext> kept;
    endpoint->add_channel("feed:*", {.join = [&](ChannelContext& context, const rapidjson::Value&) {
                                       if (!kept) kept = context;  // the first instance only
                                       return JoinResult::accept();
                                     }});
    auto client = std::make_shared<RecordingConnection>("a");
    endpoint->on_text(client, R"(["1","1","feed:1","phx_join",{}])");
    client->take();
    REQUIRE(kept.has_value());
    kept->push("later", R"({"n":1})");
    auto frames = parse_frames(client->take());
    REQUIRE(frames.size() == 1);
    CHECK(frames[0].event() == "later");
    CHECK(frames[0].join_ref() == std::optional<std::string>("1"));

    endpoint->on_text(client, R"(["1","2","feed:1","phx_leave",{}])");
    client->take();
    kept->push("too late", "{}");
    endpoint->on_text(client, R"(["3","3","feed:1","phx_join",{}])");  // a new instance
    client->take();
    kept->push("still too late", "{}");
    CHECK(client->frames().empty());
  }
}

