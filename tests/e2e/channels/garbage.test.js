// Frames the phoenix client would never send, from a raw WebSocket, while a well-behaved
// phoenix client on the same topic must notice nothing.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { once } from "node:events";
import { connect, disconnect, join, push, rawClient, startChatServer, waitUntil } from "./harness.js";

let server;
let good;
let goodChannel;
const goodReceived = [];
before(async () => {
  server = await startChatServer();
  good = await connect(server);
  goodChannel = good.channel("room:garbage", { user: "good" });
  goodChannel.on("new_msg", (payload) => goodReceived.push(payload));
  assert.equal((await join(goodChannel)).status, "ok");
});
after(async () => {
  await disconnect(good);
  await server.stop();
});

// The good client still round-trips a message and sees its own broadcast.
async function assertGoodClientUnharmed(marker) {
  const reply = await push(goodChannel, "new_msg", { body: marker });
  assert.equal(reply.status, "ok");
  await waitUntil(() => goodReceived.some((m) => m.body === marker), `the good client's ${marker}`);
  assert.equal(goodChannel.state, "joined");
}

function replyTo(frames, ref) {
  return frames.find((frame) => frame[1] === ref && frame[3] === "phx_reply");
}

test("the raw endpoint speaks V2: heartbeat and join by hand", async () => {
  const { ws, frames } = await rawClient(server);
  ws.send(JSON.stringify([null, "1", "phoenix", "heartbeat", {}]));
  ws.send(JSON.stringify(["2", "2", "room:garbage", "phx_join", { user: "raw" }]));
  await waitUntil(() => replyTo(frames, "1") && replyTo(frames, "2"), "heartbeat and join replies");
  assert.deepEqual(replyTo(frames, "1"), [null, "1", "phoenix", "phx_reply", { status: "ok", response: {} }]);
  assert.equal(replyTo(frames, "2")[4].status, "ok");
  assert.equal(replyTo(frames, "2")[0], "2");
  ws.close();
});

test("malformed frames with a readable ref and topic get an error reply; the rest are ignored", async () => {
  const { ws, frames } = await rawClient(server);
  ws.send("not json at all");
  ws.send("{\"topic\":\"room:garbage\"}");
  ws.send("[1,2,3,4,5]");
  ws.send(JSON.stringify(["1", "10", "room:garbage", "new_msg"]));            // four elements
  ws.send(JSON.stringify(["1", "11", "room:garbage", "new_msg", "a string"])); // payload not an object
  ws.send(JSON.stringify(["1", "12", "room:garbage", 42, {}]));                // event not a string
  await waitUntil(() => ["10", "11", "12"].every((ref) => replyTo(frames, ref)), "three error replies");
  for (const ref of ["10", "11", "12"]) {
    const reply = replyTo(frames, ref);
    assert.equal(reply[2], "room:garbage");
    assert.equal(reply[4].status, "error");
    assert.match(reply[4].response.reason, /^malformed message/);
  }
  // The connection is still usable afterwards.
  ws.send(JSON.stringify([null, "13", "phoenix", "heartbeat", {}]));
  await waitUntil(() => replyTo(frames, "13"), "a heartbeat reply after the garbage");
  assert.equal(frames.filter((frame) => frame[3] === "phx_reply").length, 4);
  ws.close();
  await assertGoodClientUnharmed("after-malformed");
});

test("an event on a topic that was never joined gets unmatched topic", async () => {
  const { ws, frames } = await rawClient(server);
  ws.send(JSON.stringify(["1", "20", "room:garbage", "new_msg", { body: "sneaky" }]));
  await waitUntil(() => replyTo(frames, "20"), "the unmatched topic reply");
  assert.deepEqual(replyTo(frames, "20"), [null, "20", "room:garbage", "phx_reply",
    { status: "error", response: { reason: "unmatched topic" } }]);
  ws.close();
  await assertGoodClientUnharmed("after-unjoined");
  assert.ok(!goodReceived.some((m) => m.body === "sneaky"));
});

test("a duplicate join closes the old instance with its join_ref and accepts the new one", async () => {
  const { ws, frames } = await rawClient(server);
  ws.send(JSON.stringify(["1", "1", "room:dup", "phx_join", { user: "dup" }]));
  await waitUntil(() => replyTo(frames, "1"), "first join reply");
  ws.send(JSON.stringify(["2", "2", "room:dup", "phx_join", { user: "dup" }]));
  await waitUntil(() => replyTo(frames, "2"), "second join reply");
  const close = frames.find((frame) => frame[3] === "phx_close");
  assert.deepEqual(close, ["1", "1", "room:dup", "phx_close", {}]);
  assert.ok(frames.indexOf(close) < frames.indexOf(replyTo(frames, "2")));
  assert.equal(replyTo(frames, "2")[4].status, "ok");
  ws.close();
});

test("a binary frame is refused without closing the connection", async () => {
  const { ws, frames } = await rawClient(server);
  const header = Buffer.from([0, 1, 2, 12, 7]);
  const binary = Buffer.concat([header, Buffer.from("1" + "30" + "room:garbage" + "new_msg"), Buffer.from([1, 2, 3])]);
  ws.send(binary);
  await waitUntil(() => replyTo(frames, "30"), "the binary refusal");
  assert.equal(replyTo(frames, "30")[4].status, "error");
  ws.send(JSON.stringify([null, "31", "phoenix", "heartbeat", {}]));
  await waitUntil(() => replyTo(frames, "31"), "a heartbeat reply after the binary frame");
  ws.close();
});

test("invalid UTF-8 in a text frame ends only that connection", async () => {
  const { ws } = await rawClient(server);
  const closed = once(ws, "close");
  const bytes = Buffer.concat([Buffer.from("[\"1\",\"40\",\"room:garbage\",\"new_msg\",{\"body\":\""),
    Buffer.from([0xff, 0xfe]), Buffer.from("\"}]")]);
  ws.send(bytes, { binary: false });
  const [code] = await closed;
  assert.equal(code, 1007);
  await assertGoodClientUnharmed("after-invalid-utf8");
});

test("a flood of garbage from several raw clients leaves the good client unharmed", async () => {
  const raws = await Promise.all([rawClient(server), rawClient(server), rawClient(server)]);
  for (const { ws } of raws) {
    for (let i = 0; i < 100; i++) {
      ws.send(["", "[", "]", "null", "[null]", `["x","${i}","room:garbage"]`, "{\"a\":1}"][i % 7]);
    }
  }
  await assertGoodClientUnharmed("after-flood");
  for (const { ws } of raws) ws.close();
  assert.ok(server.alive());
});
