// Shared by the quest-serve e2e tests: start `quest serve APP` (or `quest APP`) on a
// free port, wait for its one `listening on http://HOST:PORT` line, open raw `ws`
// clients, collect messages. Timeouts only keep a broken server from hanging the run.
import { spawn } from "node:child_process";
import { once } from "node:events";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";

export const HANG_GUARD_MS = 15_000;
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");

function questBinary() {
  const binary = process.env.QUEST;
  if (!binary) throw new Error("set QUEST to the quest binary");
  return binary;
}

// `args` is the quest command line, e.g. ["serve", "examples/echo/app.q", "--port", "0"].
export async function startQuest(args, { env = {}, cwd = ROOT } = {}) {
  const child = spawn(questBinary(), args, {
    cwd: path.resolve(ROOT, cwd),
    env: { ...process.env, QUEST_INCLUDE: path.join(ROOT, "lib"), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const port = await new Promise((resolve, reject) => {
    const guard = setTimeout(() => reject(new Error(`quest did not start:\n${stderr}`)), HANG_GUARD_MS);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on http:\/\/[^:\s]+:(\d+)\n/);
      if (match) { clearTimeout(guard); resolve(Number(match[1])); }
    });
    child.on("exit", (code) => { clearTimeout(guard); reject(new Error(`quest exited ${code}:\n${stderr}`)); });
  });
  return {
    port,
    url: (p = "/") => `http://127.0.0.1:${port}${p}`,
    wsUrl: (p) => `ws://127.0.0.1:${port}${p}`,
    stdout: () => stdout,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    // A graceful stop must end with exit code 0.
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await once(child, "exit");
      }
      if (child.exitCode !== 0) throw new Error(`quest ended with ${child.exitCode ?? child.signalCode}:\n${stderr}`);
    },
  };
}

export const serve = (app, extra = [], options) => startQuest(["serve", app, "--port", "0", ...extra], options);

// A connected `ws` client that queues what it receives; next() resolves the next one.
export async function openClient(url, options = {}) {
  const socket = new WebSocket(url, options);
  const inbox = [];
  const waiters = [];
  socket.closed = new Promise((resolve) => socket.on("close", (code, reason) => resolve({ code, reason: reason.toString() })));
  socket.on("message", (data, isBinary) => {
    const item = isBinary ? Buffer.from(data) : data.toString();
    const waiter = waiters.shift();
    if (waiter) waiter(item); else inbox.push(item);
  });
  socket.next = () => inbox.length ? Promise.resolve(inbox.shift())
    : withGuard(new Promise((resolve) => waiters.push(resolve)), "message");
  await withGuard(new Promise((resolve, reject) => {
    socket.once("open", resolve);
    socket.once("error", reject);
    socket.once("unexpected-response", (req, res) => reject(Object.assign(new Error(`HTTP ${res.statusCode}`), { status: res.statusCode })));
  }), `open ${url}`);
  return socket;
}

// The HTTP status of a refused upgrade.
export function refusedStatus(url, options = {}) {
  return withGuard(new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once("open", () => { socket.close(); reject(new Error("upgrade was accepted")); });
    socket.once("unexpected-response", (req, res) => { resolve(res.statusCode); req.destroy(); });
    socket.once("error", () => {});
  }), `refusal ${url}`);
}

// Writes raw bytes on a TCP connection and resolves with everything read until it closes.
export function rawExchange(port, bytes) {
  return withGuard(new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () => socket.write(bytes));
    let data = Buffer.alloc(0);
    socket.on("data", (chunk) => { data = Buffer.concat([data, chunk]); });
    socket.on("close", () => resolve(data.toString("latin1")));
    socket.on("error", reject);
  }), "raw exchange");
}

// Resolves once `read()` (a server's stdout or stderr so far) matches `pattern`: the
// log line of an event may arrive after the client saw the event's answer.
export async function waitForOutput(read, pattern) {
  const until = Date.now() + HANG_GUARD_MS;
  while (!pattern.test(read())) {
    if (Date.now() > until) throw new Error(`output never matched ${pattern}:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export function withGuard(promise, what) {
  let timer;
  const guard = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), HANG_GUARD_MS); });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}
