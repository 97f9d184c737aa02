// Helpers of the Chromium LiveView tests that stop and restart servers: `quest serve`
// of one app on a chosen port (so a restarted server is reached at the same address),
// stopping it, and launching Chromium with the flags every e2e test uses.
// Timeouts only stop a broken server from hanging the suite.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import net from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../../..");
export const STEP_MS = 15_000;

export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

// Starts `quest serve --port PORT APP` with extra environment; resolves with the child
// once it prints "listening on". The child's output is kept in child.log.
export async function startQuest(app, port, env = {}) {
  const child = spawn(process.env.QUEST_BIN, ["serve", "--port", String(port), app], {
    cwd: repo,
    env: { ...process.env, QUEST_INCLUDE: path.join(repo, "lib"), NO_COLOR: "1", ...env },
  });
  child.log = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} did not start: ${child.log}`)), STEP_MS);
    const read = (chunk) => {
      child.log += chunk;
      if (child.log.includes("listening on")) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => { clearTimeout(timer); reject(new Error(`${app} exited ${code}: ${child.log}`)); });
  });
  return child;
}

// SIGTERM, then resolves once the process is gone (its port is free again).
export async function stopQuest(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await gone;
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

// Polls until `read()` (async) returns `expected`; fails with the last value seen.
export async function waitFor(read, expected, what) {
  const until = Date.now() + STEP_MS;
  let last;
  while (Date.now() < until) {
    last = await read().catch(() => undefined);
    if (last === expected) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${what}: expected ${JSON.stringify(expected)}, last seen ${JSON.stringify(last)}`);
}
