// Pushes, replies and broadcasts through chat_server with the official phoenix client.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { connect, disconnect, join, push, startChatServer, waitUntil } from "./harness.js";

let server;
const sockets = [];
before(async () => { server = await startChatServer(); });
after(async () => {
  for (const socket of sockets) await disconnect(socket);
  await server.stop();
});

async function joinedClient(topic, user) {
  const socket = await connect(server);
  sockets.push(socket);
  const channel = socket.channel(topic, { user });
  const received = [];
  channel.on("new_msg", (payload) => received.push(payload));
  const { status } = await join(channel);
  assert.equal(status, "ok");
  return { socket, channel, received };
}

test("new_msg is replied to with ok", async () => {
  const ann = await joinedClient("room:reply", "ann");
  const reply = await push(ann.channel, "new_msg", { body: "hello" });
  assert.equal(reply.status, "ok");
});

test("a bad push gets an error reply with a reason", async () => {
  const ann = await joinedClient("room:bad-push", "ann");
  const missingBody = await push(ann.channel, "new_msg", { text: "no body field" });
  assert.equal(missingBody.status, "error");
  assert.equal(typeof missingBody.response.reason, "string");
  const unknown = await push(ann.channel, "dance", {});
  assert.equal(unknown.status, "error");
});

test("a broadcast reaches every client on the topic, sender included, and nobody else", async () => {
  const clients = [];
  for (const user of ["ann", "bob", "cat"]) clients.push(await joinedClient("room:fanout", user));
  const outsider = await joinedClient("room:elsewhere", "dan");
  assert.equal((await push(clients[1].channel, "new_msg", { body: "hi all" })).status, "ok");
  for (const client of clients) {
    await waitUntil(() => client.received.length === 1, "the broadcast");
    assert.deepEqual(client.received[0], { user: "bob", body: "hi all" });
  }
  assert.equal((await push(outsider.channel, "new_msg", { body: "marker" })).status, "ok");
  await waitUntil(() => outsider.received.length === 1, "the outsider's own message");
  assert.deepEqual(outsider.received, [{ user: "dan", body: "marker" }]);
});

test("200 messages arrive in the order they were sent, at every receiver", async () => {
  const sender = await joinedClient("room:order", "ann");
  const receiver = await joinedClient("room:order", "bob");
  const count = 200;
  const replies = [];
  for (let i = 0; i < count; i++) replies.push(push(sender.channel, "new_msg", { body: `m${i}` }));
  for (const reply of await Promise.all(replies)) assert.equal(reply.status, "ok");
  for (const client of [sender, receiver]) {
    await waitUntil(() => client.received.length === count, `${count} messages`);
    assert.deepEqual(client.received.map((m) => m.body), Array.from({ length: count }, (_, i) => `m${i}`));
  }
});

test("bench topics broadcast new_msg with the user from the join, or anon", async () => {
  const named = await joinedClient("bench:1", "bench-user");
  const socket = await connect(server);
  sockets.push(socket);
  const anonymous = socket.channel("bench:1", {});
  const received = [];
  anonymous.on("new_msg", (payload) => received.push(payload));
  assert.equal((await join(anonymous)).status, "ok");
  assert.equal((await push(anonymous, "new_msg", { body: "x" })).status, "ok");
  await waitUntil(() => named.received.length === 1 && received.length === 1, "bench broadcast");
  assert.deepEqual(named.received[0], { user: "anon", body: "x" });
});

test("a client that rejoins the same topic keeps receiving exactly once", async () => {
  const ann = await joinedClient("room:rejoin", "ann");
  // A second Channel object on the same topic makes the client leave the first one.
  const second = ann.socket.channel("room:rejoin", { user: "ann" });
  const received = [];
  second.on("new_msg", (payload) => received.push(payload));
  assert.equal((await join(second)).status, "ok");
  const bob = await joinedClient("room:rejoin", "bob");
  assert.equal((await push(bob.channel, "new_msg", { body: "once" })).status, "ok");
  await waitUntil(() => bob.received.length === 1, "bob's own copy");
  await waitUntil(() => received.length >= 1, "ann's copy");
  assert.equal((await push(bob.channel, "new_msg", { body: "twice" })).status, "ok");
  await waitUntil(() => bob.received.length === 2, "bob's second copy");
  await waitUntil(() => received.length >= 2, "ann's second copy");
  assert.deepEqual(received.map((m) => m.body), ["once", "twice"]);
});
