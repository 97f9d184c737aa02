// Presence on chat_server, read through the official phoenix client's Presence.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { Presence } from "phoenix";
import { connect, disconnect, join, startChatServer, waitUntil } from "./harness.js";

let server;
const sockets = [];
before(async () => { server = await startChatServer(); });
after(async () => {
  for (const socket of sockets) if (socket.isConnected()) await disconnect(socket);
  await server.stop();
});

async function presenceClient(topic, user) {
  const socket = await connect(server);
  sockets.push(socket);
  const channel = socket.channel(topic, { user });
  const presence = new Presence(channel);
  let syncs = 0;
  presence.onSync(() => { syncs++; });
  assert.equal((await join(channel)).status, "ok");
  return { socket, channel, presence, syncs: () => syncs };
}

// user -> number of metas, as this client sees it
function view(client) {
  const seen = {};
  client.presence.list((user, { metas }) => { seen[user] = metas.length; });
  return seen;
}

function sameView(clients, expected) {
  const wanted = JSON.stringify(sortKeys(expected));
  return clients.every((client) => JSON.stringify(sortKeys(view(client))) === wanted);
}

test("three clients each see all three users", async () => {
  const topic = "room:presence-three";
  const clients = [];
  for (const user of ["ann", "bob", "cat"]) clients.push(await presenceClient(topic, user));
  const expected = { ann: 1, bob: 1, cat: 1 };
  await waitUntil(() => sameView(clients, expected), "every client to list ann, bob and cat");
  for (const client of clients) {
    client.presence.list((user, { metas }) => {
      assert.equal(typeof metas[0].online_at, "number");
      assert.equal(typeof metas[0].phx_ref, "string");
    });
  }
});

// Phoenix pushes presence_state right after tracking the joiner, so its first state lists
// it; the diff of the same join follows and phoenix.js merges it by phx_ref.
test("a joiner sees itself once in its first presence_state, and still once after its own diff", async () => {
  const topic = "room:presence-self";
  const ann = await presenceClient(topic, "ann");
  // ann's own state, then the diff publishing her join: from now on joiners' states list her.
  await waitUntil(() => ann.syncs() >= 2, "ann's join to be published");
  const socket = await connect(server);
  sockets.push(socket);
  const channel = socket.channel(topic, { user: "bob" });
  const presence = new Presence(channel);
  const views = [];
  presence.onSync(() => { views.push(sortKeys(view({ presence }))); });
  assert.equal((await join(channel)).status, "ok");
  await waitUntil(() => views.length >= 1, "bob's first presence_state");
  assert.deepEqual(views[0], { ann: 1, bob: 1 });
  await waitUntil(() => views.length >= 2, "the diff carrying bob's own join");
  assert.deepEqual(views[1], { ann: 1, bob: 1 });
  await waitUntil(() => sameView([ann], { ann: 1, bob: 1 }), "ann to list bob");
});

test("a disconnected client leaves the others' lists", async () => {
  const topic = "room:presence-leave";
  const ann = await presenceClient(topic, "ann");
  const bob = await presenceClient(topic, "bob");
  const cat = await presenceClient(topic, "cat");
  await waitUntil(() => sameView([ann, bob, cat], { ann: 1, bob: 1, cat: 1 }), "all three listed");
  await disconnect(bob.socket);
  await waitUntil(() => sameView([ann, cat], { ann: 1, cat: 1 }), "bob to leave");
});

test("one user in two tabs is listed once with two metas, then one", async () => {
  const topic = "room:presence-tabs";
  const watcher = await presenceClient(topic, "watcher");
  const tab1 = await presenceClient(topic, "ann");
  const tab2 = await presenceClient(topic, "ann");
  await waitUntil(() => sameView([watcher, tab1, tab2], { watcher: 1, ann: 2 }), "ann with two metas");
  await disconnect(tab1.socket);
  await waitUntil(() => sameView([watcher, tab2], { watcher: 1, ann: 1 }), "ann with one meta");
});

test("a join storm ends with every client's list exact", async (t) => {
  const topic = "room:presence-storm";
  const count = 30;
  const joining = [];
  for (let i = 0; i < count; i++) joining.push(presenceClient(topic, `user${i}`));
  const clients = await Promise.all(joining);
  const expected = Object.fromEntries(clients.map((_, i) => [`user${i}`, 1]));
  await waitUntil(() => clients.every((c) => Object.keys(view(c)).length === count), "every list complete");
  for (const client of clients) assert.deepEqual(sortKeys(view(client)), sortKeys(expected));
  // Coalescing is asserted by the unit tests; here the figure is only reported.
  t.diagnostic(`presence syncs per client for ${count} joins: max ${Math.max(...clients.map((c) => c.syncs()))}`);
});

function sortKeys(object) {
  return Object.fromEntries(Object.entries(object).sort(([a], [b]) => a.localeCompare(b)));
}
