// Joining and leaving channels on chat_server with the official phoenix client.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { connect, disconnect, join, startChatServer, waitUntil } from "./harness.js";

let server;
let socket;
before(async () => {
  server = await startChatServer();
  socket = await connect(server);
});
after(async () => {
  await disconnect(socket);
  await server.stop();
});

test("a room join with a user is accepted", async () => {
  const channel = socket.channel("room:join-ok", { user: "ann" });
  const { status } = await join(channel);
  assert.equal(status, "ok");
  assert.equal(channel.state, "joined");
  channel.leave();
});

test("a room join without a user is refused with a reason", async () => {
  const channel = socket.channel("room:join-refused", {});
  const { status, response } = await join(channel);
  assert.equal(status, "error");
  assert.equal(typeof response.reason, "string");
  assert.ok(response.reason.length > 0);
  channel.leave();  // stop the client's automatic rejoin attempts
});

test("an empty user name is refused too", async () => {
  const channel = socket.channel("room:join-empty", { user: "" });
  const { status } = await join(channel);
  assert.equal(status, "error");
  channel.leave();
});

test("a topic no channel routes is refused as unmatched topic", async () => {
  const channel = socket.channel("nowhere:1", {});
  const { status, response } = await join(channel);
  assert.equal(status, "error");
  assert.deepEqual(response, { reason: "unmatched topic" });
  channel.leave();
});

test("a bench join needs no payload", async () => {
  const channel = socket.channel("bench:join", {});
  const { status } = await join(channel);
  assert.equal(status, "ok");
  channel.leave();
});

test("leave is acknowledged and the channel closes", async () => {
  const channel = socket.channel("room:leave", { user: "ann" });
  assert.equal((await join(channel)).status, "ok");
  const closed = new Promise((resolve) => channel.onClose(resolve));
  const left = await new Promise((resolve) => channel.leave().receive("ok", () => resolve("ok")).receive("timeout", () => resolve("timeout")));
  assert.equal(left, "ok");
  await closed;
  assert.equal(channel.state, "closed");
});

test("the socket keeps answering heartbeats", async () => {
  const fast = await connect(server, { heartbeatIntervalMs: 50 });
  const channel = fast.channel("room:heartbeat", { user: "hb" });
  assert.equal((await join(channel)).status, "ok");
  const sent = [];
  fast.onMessage((message) => { if (message.topic === "phoenix") sent.push(message); });
  await waitUntil(() => sent.length >= 3, "three heartbeat replies");
  for (const reply of sent) assert.equal(reply.payload.status, "ok");
  assert.equal(channel.state, "joined");
  await disconnect(fast);
});
