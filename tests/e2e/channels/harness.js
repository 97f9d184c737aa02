// Shared by the channel e2e tests: start chat_server on a free port, connect the official
// phoenix client (with `ws` as its WebSocket), join channels, wait for conditions.
// Timeouts here only keep a broken server from hanging the suite; nothing asserts speed.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { Socket } from "phoenix";
import WebSocket from "ws";

const HANG_GUARD_MS = 15_000;  // longer than the client's own 10 s push timeout

// Which server: CHAT_SERVER (the C++ chat_server binary), or QUEST and QUEST_APP (its
// Quest twin, `quest serve examples/chat_server/app.q`), with the same contract.
function serverCommand(extraArgs) {
  const listen = ["--host", "127.0.0.1", "--port", "0"];
  if (process.env.QUEST_APP) {
    if (!process.env.QUEST) throw new Error("set QUEST to the quest binary");
    if (extraArgs.length) throw new Error(`the Quest chat_server takes no extra flags: ${extraArgs.join(" ")}`);
    return [process.env.QUEST, ["serve", process.env.QUEST_APP, ...listen]];
  }
  const binary = process.env.CHAT_SERVER;
  if (!binary) throw new Error("set CHAT_SERVER to the chat_server binary (or QUEST and QUEST_APP)");
  return [binary, [...listen, ...extraArgs]];
}

// `extraArgs` are appended to chat_server's command line (e.g. --static DIR).
export async function startChatServer(extraArgs = []) {
  const [binary, args] = serverCommand(extraArgs);
  const child = spawn(binary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const port = await new Promise((resolve, reject) => {
    let stdout = "";
    const guard = setTimeout(() => reject(new Error(`chat_server did not start: ${stderr}`)), HANG_GUARD_MS);
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = stdout.match(/listening on http:\/\/[^:\s]+:(\d+)/);
      if (match) { clearTimeout(guard); resolve(Number(match[1])); }
    });
    child.on("exit", (code) => { clearTimeout(guard); reject(new Error(`chat_server exited ${code}: ${stderr}`)); });
  });
  return {
    port,
    socketUrl: `ws://127.0.0.1:${port}/socket`,
    stderr: () => stderr,
    alive: () => child.exitCode === null && child.signalCode === null,
    // A graceful stop must end with exit code 0: a crash, or a sanitizer report in an
    // instrumented build, fails the suite here.
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
      if (child.exitCode !== 0) {
        throw new Error(`chat_server ended with ${child.exitCode ?? child.signalCode}:\n${stderr}`);
      }
    },
  };
}

// A connected phoenix Socket. Reconnects are fast so a test never waits on backoff.
export async function connect(server, options = {}) {
  const socket = new Socket(server.socketUrl, {
    transport: WebSocket,
    reconnectAfterMs: () => 50,
    rejoinAfterMs: () => 50,
    ...options,
  });
  const opened = new Promise((resolve, reject) => {
    socket.onOpen(resolve);
    socket.onError((error) => reject(new Error(`socket error: ${error?.message ?? error}`)));
  });
  socket.connect();
  await withGuard(opened, "socket open");
  return socket;
}

// Resolves {status, response} for the join's first outcome ("ok", "error" or "timeout").
export function join(channel) {
  return withGuard(new Promise((resolve) => {
    channel.join()
      .receive("ok", (response) => resolve({ status: "ok", response }))
      .receive("error", (response) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout" }));
  }), `join ${channel.topic}`);
}

export function push(channel, event, payload) {
  return withGuard(new Promise((resolve) => {
    channel.push(event, payload)
      .receive("ok", (response) => resolve({ status: "ok", response }))
      .receive("error", (response) => resolve({ status: "error", response }))
      .receive("timeout", () => resolve({ status: "timeout" }));
  }), `push ${event}`);
}

// Polls until `condition()` is truthy; fails (with `what`) only if it never becomes so.
export async function waitUntil(condition, what) {
  const deadline = Date.now() + HANG_GUARD_MS;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

// A raw WebSocket on the channel endpoint, for frames the phoenix client would never send.
export async function rawClient(server) {
  const ws = new WebSocket(`${server.socketUrl}/websocket?vsn=2.0.0`);
  const frames = [];
  ws.on("message", (data, isBinary) => { if (!isBinary) frames.push(JSON.parse(data.toString())); });
  await withGuard(once(ws, "open"), "raw websocket open");
  return { ws, frames };
}

export function disconnect(socket) {
  return new Promise((resolve) => socket.disconnect(resolve));
}

function withGuard(promise, what) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`gave up waiting for ${what}`)), HANG_GUARD_MS);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}
