// `quest serve --workers 2` on one port, the workers joined through a real redis-server:
// clients that landed on different workers (the app's join reply says which process)
// see each other's broadcasts and presence; a worker killed with SIGKILL is restarted by
// the supervisor on the same port; SIGTERM ends everything with 1001 and exit 0.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { Presence } from "phoenix";
import { connect, disconnect, join, push, waitUntil } from "../channels/harness.js";
import { redisNodeApp, startQuest, startRedis, stopAll } from "./quest_server.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixture = path.join(here, "fixtures", "workers_app.q");
const MAX_TRIES = 60;  // connections until one lands on each worker (the kernel hashes them)

let redis;
let server;
const sockets = [];
before(async () => {
  redis = await startRedis();
  const app = redisNodeApp(fixture, redis.url, { pubsubLines: ["presence_heartbeat_ms = 100", "presence_timeout_ms = 600"] });
  server = await startQuest(app, { socketPath: "/socket", extraArgs: ["--workers", "2"] });
});
after(async () => {
  // Every socket, connected or not: disconnect() also cancels a pending reconnect timer,
  // which would otherwise keep node alive after the tests (a killed node's clients have one).
  for (const socket of sockets) await disconnect(socket);
  await stopAll(() => server?.stop(), () => redis?.stop());
});

function workerPids() {
  const out = spawnSync("ps", ["--ppid", String(server.pid), "-o", "pid="], { encoding: "utf8" }).stdout;
  return out.split("\n").map((s) => Number(s.trim())).filter((n) => n > 0);
}

// A member of `topic` as `user`, on whichever worker the kernel picked.
async function member(topic, user) {
  const socket = await connect(server, { reconnectAfterMs: () => 60_000 });  // no silent moves between workers
  sockets.push(socket);
  const channel = socket.channel(topic, { user });
  const received = [];
  channel.on("new_msg", (payload) => received.push(payload));
  const presence = new Presence(channel);
  const reply = await join(channel);
  assert.equal(reply.status, "ok");
  return { socket, channel, received, presence, user, pid: reply.response.pid };
}

// One member on each of two different workers.
async function membersOnTwoWorkers(topic) {
  const first = await member(topic, "u0");
  for (let i = 1; i <= MAX_TRIES; ++i) {
    const other = await member(topic, `u${i}`);
    if (other.pid !== first.pid) return [first, other];
    await disconnect(other.socket);
  }
  throw new Error(`${MAX_TRIES} connections all landed on worker ${first.pid}`);
}

test("the supervisor prints one listening line and runs two worker processes", () => {
  const pids = workerPids();
  assert.equal(pids.length, 2, `workers: ${pids}`);
  assert.match(server.stderr(), /\[serve\] 2 workers on port \d+/);
  assert.doesNotMatch(server.stderr(), /warning/);  // the redis adapter is configured
});

test("clients on different workers see each other's broadcasts and presence", async () => {
  const topic = "room:workers";
  const [a, b] = await membersOnTwoWorkers(topic);
  assert.ok(workerPids().includes(a.pid) && workerPids().includes(b.pid));
  assert.equal((await push(b.channel, "new_msg", { body: "from B" })).status, "ok");
  assert.equal((await push(a.channel, "new_msg", { body: "from A" })).status, "ok");
  await waitUntil(() => a.received.length === 2 && b.received.length === 2, "both messages on both workers");
  assert.deepEqual(a.received.map((m) => [m.body, m.pid]).sort(), [["from A", a.pid], ["from B", b.pid]]);
  assert.deepEqual(b.received.map((m) => [m.body, m.pid]).sort(), [["from A", a.pid], ["from B", b.pid]]);
  const users = (m) => m.presence.list((key) => key).sort();
  const [ua, ub] = [a.user, b.user];  // presence keys are the users
  await waitUntil(() => users(a).includes(ub) && users(b).includes(ua), "each worker's member in the other's presence");
  for (const s of [a.socket, b.socket]) await disconnect(s);
});

test("a worker killed with SIGKILL is restarted; its users leave the other worker's presence", async () => {
  const topic = "room:restart";
  const [a, b] = await membersOnTwoWorkers(topic);
  const ub = b.user;
  await waitUntil(() => a.presence.list((key) => key).includes(ub), "B's user in A's presence");
  process.kill(b.pid, "SIGKILL");
  const restarted = await server.waitForStderr(
    new RegExp(`\\(pid ${b.pid}\\) killed by signal 9[^\\n]*restarting[\\s\\S]*restarted \\(pid (\\d+)\\)`),
    "the supervisor to restart the killed worker");
  const newPid = Number(restarted[1]);
  await waitUntil(() => !a.presence.list((key) => key).includes(ub), "B's user to leave A's presence");
  await waitUntil(() => workerPids().length === 2 && workerPids().includes(newPid), "two workers again");
  assert.ok(!workerPids().includes(b.pid));
  // The restarted worker serves on the same port, joined to the others again.
  const [c, d] = await membersOnTwoWorkers("room:after-restart");
  assert.deepEqual([c.pid, d.pid].sort(), [a.pid, newPid].sort());
  assert.equal((await push(d.channel, "new_msg", { body: "again" })).status, "ok");
  await waitUntil(() => c.received.length === 1, "a broadcast across workers after the restart");
  await disconnect(a.socket);
});

test("SIGTERM: clients are closed with 1001 and the supervisor exits 0", async () => {
  const { socket } = await member("room:bye", "last");
  const closed = new Promise((resolve) => socket.onClose((event) => resolve(event.code)));
  await server.stop("SIGTERM");  // throws unless the exit status is 0
  assert.equal(await closed, 1001);
  assert.equal(workerPids().length, 0);
});

test("--workers needs a whole number from 1 to 256: a clear error, exit 2", () => {
  for (const bad of ["0", "abc", "257", "-1"]) {
    const result = spawnSync(process.env.QUEST, ["serve", fixture, "--workers", bad], { encoding: "utf8" });
    assert.equal(result.status, 2, bad);
    assert.match(result.stderr, new RegExp(`bad --workers '${bad}' \\(1-256\\)`));
  }
});

test("--workers 2 without the Redis adapter warns that broadcasts and presence stay per process", async () => {
  const alone = await startQuest(fixture, { extraArgs: ["--workers", "2"] });
  try {
    assert.match(alone.stderr(), /warning: --workers 2 without \[std.web.pubsub\] adapter = "redis"/);
    assert.match(alone.stderr(), /stay within one worker process/);
  } finally {
    await alone.stop();
  }
});
