// The seed's channel events on examples/chat/app.q under `quest serve`, through the
// official phoenix client (node, `ws` transport).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Presence } from "phoenix";
import { connect, disconnect, join, push, waitUntil } from "../channels/harness.js";
import { startQuest } from "./quest_server.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, "../../../examples/chat/app.q");

let server;
const sockets = [];
before(async () => { server = await startQuest(app); });
after(async () => {
  for (const socket of sockets) if (socket.isConnected()) await disconnect(socket);
  await server.stop();
});

async function member(topic, userId, username) {
  const socket = await connect(server);
  sockets.push(socket);
  const channel = socket.channel(topic, { user_id: userId, username });
  const events = [];
  for (const event of ["new_message", "user_joined", "user_left", "user_typing"]) {
    channel.on(event, (payload) => events.push({ event, payload }));
  }
  const presence = new Presence(channel);
  const reply = await join(channel);
  return { socket, channel, events, presence, reply };
}

// id -> usernames of its metas, keys sorted (phoenix.js keeps arrival order)
function view(presence) {
  const seen = {};
  presence.list((id, { metas }) => { seen[id] = metas.map((m) => m.username); });
  return Object.fromEntries(Object.entries(seen).sort(([a], [b]) => a.localeCompare(b)));
}

test("the page and phoenix.js are served", async () => {
  const page = await fetch(`${server.url}/`);
  assert.equal(page.status, 200);
  assert.match(await page.text(), /new Socket\("\/ws"\)/);
  const js = await fetch(`${server.url}/assets/phoenix.mjs`);
  assert.equal(js.status, 200);
});

test("join replies with the room's messages and users; refusals carry the reason", async () => {
  const ann = await member("room:seed-join", 1, "Ann");
  assert.equal(ann.reply.status, "ok");
  assert.deepEqual(ann.reply.response, { messages: [], users: ["Ann"] });
  const secret = await member("room:secret", 2, "Bob");
  assert.deepEqual(secret.reply, { status: "error", response: { reason: "Unauthorized" } });
  secret.channel.leave();
  const anonymous = await member("room:seed-join", undefined, undefined);
  assert.equal(anonymous.reply.status, "error");
  anonymous.channel.leave();
});

test("new_message reaches everyone, typing everyone but the sender, leave says user_left", async () => {
  const topic = "room:seed-events";
  const ann = await member(topic, 1, "Ann");
  const bob = await member(topic, 2, "Bob");
  await waitUntil(() => ann.events.some((e) => e.event === "user_joined" && e.payload.username === "Bob"), "Bob's user_joined");
  assert.deepEqual(await push(ann.channel, "new_message", { message: "hello" }), { status: "ok", response: { ok: true } });
  for (const client of [ann, bob]) {
    await waitUntil(() => client.events.some((e) => e.event === "new_message"), "new_message");
    const msg = client.events.find((e) => e.event === "new_message").payload;
    assert.equal(msg.username, "Ann");
    assert.equal(msg.message, "hello");
    assert.equal(typeof msg.timestamp, "number");
  }
  assert.equal((await push(bob.channel, "typing", {})).status, "ok");
  await waitUntil(() => ann.events.some((e) => e.event === "user_typing"), "Ann sees Bob typing");
  assert.deepEqual(ann.events.find((e) => e.event === "user_typing").payload, { user_id: 2 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  assert.equal(bob.events.filter((e) => e.event === "user_typing").length, 0);
  // A later joiner gets the history in its join reply.
  const cat = await member(topic, 3, "Cat");
  assert.deepEqual(cat.reply.response.messages.map((m) => m.message), ["hello"]);
  await new Promise((resolve) => bob.channel.leave().receive("ok", resolve));
  await waitUntil(() => ann.events.some((e) => e.event === "user_left" && e.payload.user_id === 2), "Bob's user_left");
  // Bob is gone from the room's users: the next joiner's reply says so.
  const dan = await member(topic, 4, "Dan");
  assert.deepEqual(dan.reply.response.users.sort(), ["Ann", "Cat", "Dan"]);
});

test("Presence.onSync lists the room exactly despite the seed's full presence_state broadcasts", async () => {
  const topic = "room:seed-presence";
  const ann = await member(topic, "ann", "Ann");
  const bob = await member(topic, "bob", "Bob");
  const expected = JSON.stringify({ ann: ["Ann"], bob: ["Bob"] });
  await waitUntil(() => [ann, bob].every((c) => JSON.stringify(view(c.presence)) === expected), "both see Ann and Bob once");
  // Let every diff and broadcast settle, then check again: nothing doubled.
  await new Promise((resolve) => setTimeout(resolve, 200));
  for (const c of [ann, bob]) assert.equal(JSON.stringify(view(c.presence)), expected);
  await disconnect(bob.socket);
  await waitUntil(() => JSON.stringify(view(ann.presence)) === JSON.stringify({ ann: ["Ann"] }), "Bob gone from Ann's list");
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(view(ann.presence), { ann: ["Ann"] });
});
