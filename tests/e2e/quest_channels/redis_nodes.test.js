// Two `quest serve` nodes of examples/chat_server/app.q joined through a real
// redis-server ([std.web.pubsub] adapter = "redis" in each node's quest.toml).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { connect, disconnect, join, push, waitUntil } from "../channels/harness.js";
import { redisNodeApp, startQuest, startRedis, stopAll } from "./quest_server.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const example = path.resolve(here, "../../../examples/chat_server/app.q");

let redis;
let nodeA;
let nodeB;
const sockets = [];
before(async () => {
  redis = await startRedis();
  nodeA = await startQuest(redisNodeApp(example, redis.url), { socketPath: "/socket" });
  nodeB = await startQuest(redisNodeApp(example, redis.url), { socketPath: "/socket" });
});
after(async () => {
  for (const socket of sockets) if (socket.isConnected()) await disconnect(socket);
  await stopAll(() => nodeA?.stop(), () => nodeB?.stop(), () => redis?.stop());
});

async function member(node, topic, user) {
  const socket = await connect(node);
  sockets.push(socket);
  const channel = socket.channel(topic, { user });
  const received = [];
  channel.on("new_msg", (payload) => received.push(payload));
  assert.equal((await join(channel)).status, "ok");
  return { channel, received };
}

test("a client on node A receives a broadcast made on node B, once", async () => {
  const topic = "bench:cross-node";
  const onA = await member(nodeA, topic, "ann");
  const onB = await member(nodeB, topic, "bob");
  assert.equal((await push(onB.channel, "new_msg", { body: "from B" })).status, "ok");
  await waitUntil(() => onA.received.length >= 1, "node A's client to get B's message");
  await waitUntil(() => onB.received.length >= 1, "node B's own client too");
  await new Promise((resolve) => setTimeout(resolve, 200));
  assert.deepEqual(onA.received, [{ user: "bob", body: "from B" }]);
  assert.deepEqual(onB.received, [{ user: "bob", body: "from B" }]);
});

test("broadcasts keep their order across nodes", async () => {
  const topic = "bench:cross-order";
  const onA = await member(nodeA, topic, "ann");
  const onB = await member(nodeB, topic, "bob");
  const bodies = Array.from({ length: 50 }, (_, i) => `m${i}`);
  for (const body of bodies) onB.channel.push("new_msg", { body });
  await waitUntil(() => onA.received.length === bodies.length, "all 50 on node A");
  assert.deepEqual(onA.received.map((m) => m.body), bodies);
});

test("while redis-server is down a node still serves its own clients; broadcasts resume after it restarts", async () => {
  const port = redis.port;
  const during = "bench:during-outage";
  const sender = await member(nodeB, during, "sam");
  const local = await member(nodeB, during, "lou");
  const remote = await member(nodeA, during, "ray");
  await redis.stop();
  // Local delivery never waits on Redis: B's own member gets B's broadcast at once.
  sender.channel.push("new_msg", { body: "local during the outage" });
  await waitUntil(() => local.received.length === 1, "a broadcast on node B to reach B's member during the outage");
  assert.equal(local.received[0].body, "local during the outage");
  assert.equal(remote.received.length, 0);  // A cannot hear B without Redis
  const { spawn } = await import("node:child_process");
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                      { stdio: "ignore" });
  redis = { stop: async () => { child.kill("SIGTERM"); await new Promise((r) => child.on("exit", r)); } };
  const topic = "bench:after-restart";
  const onA = await member(nodeA, topic, "ann");
  const onB = await member(nodeB, topic, "bob");
  // The nodes reconnect with backoff; keep sending until one gets through.
  let n = 0;
  await waitUntil(() => {
    if (onA.received.length > 0) return true;
    if (n++ % 10 === 0) onB.channel.push("new_msg", { body: `retry${n}` });  // every ~100 ms
    return false;
  }, "a broadcast from B to reach A after the restart");
  assert.equal(onA.received[0].user, "bob");
});
