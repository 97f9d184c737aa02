// Presence across two `quest serve` nodes of examples/chat_server/app.q joined through a
// real redis-server, with a short heartbeat ([std.web.pubsub] presence_heartbeat_ms /
// presence_timeout_ms in quest.toml): users joined on node B show on node A; node B
// killed with SIGKILL (no leave is ever sent) and node A's clients get presence_diff
// leaves for them once B's heartbeats stop for the timeout.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Presence } from "phoenix";
import { connect, disconnect, join, waitUntil } from "../channels/harness.js";
import { redisNodeApp, startQuest, startRedis, stopAll } from "./quest_server.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const example = path.resolve(here, "../../../examples/chat_server/app.q");
const pubsubLines = ["presence_heartbeat_ms = 100", "presence_timeout_ms = 600"];

let redis;
let nodeA;
let nodeB;
const sockets = [];
before(async () => {
  redis = await startRedis();
  nodeA = await startQuest(redisNodeApp(example, redis.url, { pubsubLines }), { socketPath: "/socket" });
  nodeB = await startQuest(redisNodeApp(example, redis.url, { pubsubLines }), { socketPath: "/socket" });
});
after(async () => {
  // Every socket, connected or not: disconnect() also cancels a pending reconnect timer,
  // which would otherwise keep node alive after the tests (a killed node's clients have one).
  for (const socket of sockets) await disconnect(socket);
  await stopAll(() => nodeA?.stop(), () => nodeB?.stop("SIGKILL"), () => redis?.stop());
});

async function member(node, topic, user) {
  const socket = await connect(node, { reconnectAfterMs: () => 60_000 });
  sockets.push(socket);
  const channel = socket.channel(topic, { user });
  const leaves = [];
  const presence = new Presence(channel);
  presence.onLeave((key, current) => { if (!current || current.metas.length === 0) leaves.push(key); });
  assert.equal((await join(channel)).status, "ok");
  return { presence, leaves };
}

test("node B killed with SIGKILL: node A's clients see B's users leave after the heartbeat timeout", async () => {
  const topic = "room:nodes";
  const ann = await member(nodeA, topic, "ann");
  await member(nodeB, topic, "bob");
  await member(nodeB, topic, "bea");
  const keys = () => ann.presence.list((key) => key).sort();
  await waitUntil(() => keys().join() === "ann,bea,bob", "B's users in A's presence");
  await nodeB.stop("SIGKILL");
  await waitUntil(() => keys().join() === "ann", "B's users to leave A's presence");
  assert.deepEqual(ann.leaves.sort(), ["bea", "bob"]);
  await nodeA.waitForStderr(/silent for 600 ms: dropped its 2/, "node A's log of the dropped node");
});
