// Starts `quest serve APP` on a free port and, for the multi-node tests, a real
// redis-server on a free loopback port. Timeouts only keep a broken server from hanging
// the suite.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, writeFileSync, copyFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const START_GUARD_MS = 15_000;

function waitForLine(child, pattern, what) {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    const guard = setTimeout(() => reject(new Error(`${what} did not start: ${err}`)), START_GUARD_MS);
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const match = out.match(pattern);
      if (match) { clearTimeout(guard); resolve(match); }
    });
    child.stderr.on("data", (chunk) => { err += chunk; });
    child.on("exit", (code) => { clearTimeout(guard); reject(new Error(`${what} exited ${code}: ${err}`)); });
  });
}

// `quest serve app` (cwd: the app's folder, as quest serve itself does); socketPath is
// the channel endpoint's mount ("/ws" by default); extraArgs go after the app (e.g.
// ["--workers", "2"]).
export async function startQuest(app, { socketPath = "/ws", extraArgs = [] } = {}) {
  const quest = process.env.QUEST;
  if (!quest) throw new Error("set QUEST to the quest binary");
  const child = spawn(quest, ["serve", app, "--host", "127.0.0.1", "--port", "0", ...extraArgs],
                      { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.on("data", (chunk) => { stderr += chunk; });
  const match = await waitForLine(child, /listening on http:\/\/[^:\s]+:(\d+)/, `quest serve ${app}`);
  const port = Number(match[1]);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    socketUrl: `ws://127.0.0.1:${port}${socketPath}`,
    pid: child.pid,
    stderr: () => stderr,
    // Resolves with the first match of `pattern` in its standard error (now or later).
    async waitForStderr(pattern, what) {
      const deadline = Date.now() + START_GUARD_MS;
      for (;;) {
        const match = stderr.match(pattern);
        if (match) return match;
        if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}:\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    exited: () => child.exitCode !== null || child.signalCode !== null,
    async stop(signal = "SIGTERM") {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill(signal);
        await once(child, "exit");
      }
      if (signal === "SIGTERM" && child.exitCode !== 0) {
        throw new Error(`quest serve ended with ${child.exitCode ?? child.signalCode}:\n${stderr}`);
      }
    },
  };
}

// Runs every stop function in turn (each stops one process, if it started),
// then throws the first failure: a server that ended badly must not leave redis-server
// running, which would keep node, and the suite, alive until ctest's timeout.
export async function stopAll(...stops) {
  let failure;
  for (const stop of stops) {
    try {
      await stop();
    } catch (error) {
      failure ??= error;
    }
  }
  if (failure) throw failure;
}

export async function freePort() {
  const server = net.createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address();
  server.close();
  await once(server, "close");
  return port;
}

// A private redis-server on a free loopback port (no persistence).
export async function startRedis() {
  const port = await freePort();
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
                      { stdio: ["ignore", "pipe", "pipe"] });
  await waitForLine(child, /Ready to accept connections/, "redis-server");
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        await once(child, "exit");
      }
    },
  };
}

// A copy of `exampleApp` (e.g. examples/chat_server/app.q) in a fresh folder whose
// quest.toml mounts channels at /socket and points the pub/sub at `redisUrl`: one node of
// a multi-node app. `pubsubLines` are more [std.web.pubsub] keys (heartbeat, timeout).
export function redisNodeApp(exampleApp, redisUrl, { pubsubLines = [] } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "quest-node-"));
  copyFileSync(exampleApp, path.join(dir, "app.q"));
  writeFileSync(path.join(dir, "quest.toml"), [
    "[std.web.channels]", 'path = "/socket"', "rate_limit = 0", "",
    "[std.web.pubsub]", 'adapter = "redis"', `url = "${redisUrl}"`, ...pubsubLines, "",
  ].join("\n"));
  return path.join(dir, "app.q");
}
