// bench/ws: Quest's Layer 1 (quest serve echo_app.q) against Node's ws (node_peer.mjs),
// same client, same run. Prints figures; asserts nothing. Loopback only, bounded.
//   node bench/ws/run.mjs [--quest build/bin/quest] [--clients 50] [--seconds 5]
//        [--subscribers 2000] [--idle 2000] [--cycles 10000]
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "../..");
const require = createRequire(path.join(root, "tests/e2e/package.json"));
const WebSocket = require("ws");

const args = Object.fromEntries(process.argv.slice(2).join(" ").split("--").filter(Boolean).map((a) => a.trim().split(/\s+/)));
const opt = (name, fallback) => (args[name] ?? fallback);
const QUEST = opt("quest", path.join(root, "build/bin/quest"));
const CLIENTS = Number(opt("clients", 50));
const SECONDS = Number(opt("seconds", 5));
const SUBSCRIBERS = Number(opt("subscribers", 2000));
const IDLE = Number(opt("idle", 2000));
const CYCLES = Number(opt("cycles", 10000));

function start(command, argv, env = {}) {
  const child = spawn(command, argv, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (c) => {
      out += c;
      const m = out.match(/listening on http:\/\/[^:]+:(\d+)/);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on("exit", (code) => reject(new Error(`${command} exited ${code}`)));
  });
}

const rssKiB = (pid) => Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+)/)[1]);
const open = (url) => new Promise((resolve, reject) => {
  const ws = new WebSocket(url);
  ws.once("open", () => resolve(ws));
  ws.once("error", reject);
});
const closeAll = (sockets) => Promise.all(sockets.map((ws) => new Promise((r) => { ws.once("close", r); ws.close(); })));

async function echo(url) {
  const sockets = await Promise.all(Array.from({ length: CLIENTS }, () => open(url)));
  const latencies = [];
  let running = true;
  const loops = sockets.map((ws) => new Promise((resolve) => {
    let sent = 0n;
    const fire = () => { sent = process.hrtime.bigint(); ws.send("ping"); };
    ws.on("message", () => {
      latencies.push(Number(process.hrtime.bigint() - sent) / 1e3);
      if (running) fire(); else resolve();
    });
    fire();
  }));
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  running = false;
  await Promise.all(loops);
  await closeAll(sockets);
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))];
  return { rate: latencies.length / SECONDS, p50: pct(0.5), p99: pct(0.99) };
}

async function broadcast(url, count = 10) {
  const sockets = [];
  for (let i = 0; i < SUBSCRIBERS; i += 200) sockets.push(...await Promise.all(Array.from({ length: Math.min(200, SUBSCRIBERS - i) }, () => open(url))));
  let remaining = SUBSCRIBERS * count;
  const done = new Promise((resolve) => sockets.forEach((ws) => ws.on("message", () => { if (--remaining === 0) resolve(); })));
  const t0 = process.hrtime.bigint();
  sockets[0].send(`bcast:${count}`);
  await done;
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  await closeAll(sockets);
  return { deliveries_per_s: (SUBSCRIBERS * count) / (ms / 1000), ms };
}

async function idleRss(url, pid) {
  const before = rssKiB(pid);
  const sockets = [];
  for (let i = 0; i < IDLE; i += 200) sockets.push(...await Promise.all(Array.from({ length: Math.min(200, IDLE - i) }, () => open(url))));
  await new Promise((r) => setTimeout(r, 500));
  const per = ((rssKiB(pid) - before) / IDLE);
  await closeAll(sockets);
  return per;
}

async function cycles(url, pid) {
  const batch = 100;
  const run = async (n) => { for (let i = 0; i < n; i += batch) await closeAll(await Promise.all(Array.from({ length: batch }, () => open(url)))); };
  await run(1000);
  await new Promise((r) => setTimeout(r, 300));
  const before = rssKiB(pid);
  await run(CYCLES);
  await new Promise((r) => setTimeout(r, 500));
  return rssKiB(pid) - before;
}

async function measure(name, server) {
  const url = `ws://127.0.0.1:${server.port}/ws`;
  const e = await echo(url);
  const b = await broadcast(url);
  const idle = await idleRss(url, server.child.pid);
  const growth = await cycles(url, server.child.pid);
  server.child.kill("SIGTERM");
  return { name, ...e, broadcast: b.deliveries_per_s, broadcast_ms: b.ms, idle, growth };
}

const quest = await measure("quest", await start("nice", ["-n", "19", QUEST, "serve", path.join(here, "echo_app.q"), "--port", "0"],
  { QUEST_INCLUDE: path.join(root, "lib") }));
const node = await measure("node", await start("nice", ["-n", "19", "node", path.join(here, "node_peer.mjs"), "0"],
  { NODE_PATH: path.join(root, "tests/e2e/node_modules") }));

console.log(`clients=${CLIENTS} seconds=${SECONDS} subscribers=${SUBSCRIBERS} idle=${IDLE} cycles=${CYCLES}`);
console.log("| server | echo rt/s | p50 us | p99 us | broadcast deliveries/s (10 x N) | RSS per idle conn KiB | RSS growth after cycles KiB |");
console.log("|---|---|---|---|---|---|---|");
for (const r of [quest, node])
  console.log(`| ${r.name} | ${r.rate.toFixed(0)} | ${r.p50.toFixed(0)} | ${r.p99.toFixed(0)} | ${r.broadcast.toFixed(0)} (${r.broadcast_ms.toFixed(0)} ms) | ${r.idle.toFixed(2)} | ${r.growth} |`);
process.exit(0);
