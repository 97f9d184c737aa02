// Shared by the LiveView example suites: start `quest serve APP --port 0`, open pages in
// headless Chromium (Debian's, via playwright-core), count the WebSocket frames each step
// costs, and compare the live DOM with a fresh dead render (a plain GET of the page).
// Waits are bounded only so that a broken server cannot hang the run.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
export const repo = path.resolve(here, "../../..");
export const STEP_MS = 15_000;

const servers = [];

// Starts `quest serve` for one app on a free port; resolves with {port, url, log()}.
export async function serve(app) {
  let log = "";
  const child = spawn(process.env.QUEST_BIN, ["serve", "--port", "0", app], {
    cwd: repo,
    env: { ...process.env, QUEST_INCLUDE: path.join(repo, "lib"), NO_COLOR: "1" },
  });
  servers.push(child);
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} did not start: ${log}`)), STEP_MS);
    const read = (chunk) => {
      log += chunk;
      const m = log.match(/listening on http:\/\/[\d.]+:(\d+)/);
      if (m) { clearTimeout(timer); resolve(Number(m[1])); }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`${app} exited ${code}: ${log}`)));
  });
  return { port, url: `http://127.0.0.1:${port}`, log: () => log };
}

// SIGTERM to every server started here; a server that does not exit 0 fails the file.
export async function stopServers() {
  for (const child of servers) {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
      child.kill("SIGTERM");
      const { code } = await exited;
      assert.equal(code, 0, `quest serve exited ${code} after SIGTERM`);
    }
  }
  servers.length = 0;
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}

// A page (of a browser or a context) that records its LiveView frames and page errors,
// opened on `url` and waited for until the LiveView is connected.
export async function openLive(owner, url) {
  const page = await owner.newPage();
  const errors = [];
  const frames = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("websocket", (ws) => {
    const keep = (dir) => (frame) => {
      const text = String(frame.payload);
      // Heartbeats are the socket's, not a step's.
      if (!text.includes("\"phoenix\",\"heartbeat\"") && !text.includes("\"phoenix\",\"phx_reply\"")) {
        frames.push({ dir, text });
      }
    };
    ws.on("framesent", keep("sent"));
    ws.on("framereceived", keep("received"));
  });
  await page.goto(url, { timeout: STEP_MS });
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  return { page, errors, frames };
}

// Frames of `live` since the mark: call meter.stop() after the step's DOM has settled.
export function meter(live) {
  const start = live.frames.length;
  return {
    stop() {
      const step = live.frames.slice(start);
      const received = step.filter((f) => f.dir === "received");
      const sent = step.filter((f) => f.dir === "sent");
      return {
        sent: sent.length,
        received: received.length,
        bytesIn: received.reduce((n, f) => n + Buffer.byteLength(f.text), 0),
        bytesOut: sent.reduce((n, f) => n + Buffer.byteLength(f.text), 0),
        frames: step,
      };
    },
  };
}

// Prints one step's frame figures (never asserted on size beyond "statics not resent").
export function report(label, figures) {
  console.log(`# ${label}: ${figures.sent} frame(s) sent (${figures.bytesOut} B), ` +
    `${figures.received} received (${figures.bytesIn} B)`);
}

// Polls `check` (sync or async, truthy = done) until it holds; fails naming `what`.
export async function waitFor(what, check, describe = async () => "") {
  const until = Date.now() + STEP_MS;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  assert.fail(`timed out waiting for ${what}; ${await describe()}`);
}

// The view container's content (or the part under `selector`) as a comparable tree:
// elements with their attributes (minus the client's bookkeeping: data-phx-*, phx-*
// classes), text with whitespace collapsed; an input, textarea or select is compared by
// the value it shows (its value property), not by the attribute or text it started with.
// `html` is a full page to parse, or null for the live DOM.
function normalizedView([html, selector]) {
  const doc = html === null ? document : new DOMParser().parseFromString(html, "text/html");
  const container = doc.querySelector("[data-phx-main]");
  const root = selector ? container.querySelector(selector) : container;
  if (!root) return `no ${selector} in the view`;
  const fields = ["INPUT", "TEXTAREA", "SELECT"];
  const walk = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      const text = node.nodeValue.replace(/\s+/g, " ").trim();
      return text === "" ? null : text;
    }
    if (node.nodeType !== Node.ELEMENT_NODE) return null;
    const attrs = {};
    for (const { name, value } of [...node.attributes].sort((a, b) => a.name.localeCompare(b.name))) {
      if (name.startsWith("data-phx")) continue;
      if (fields.includes(node.tagName) && name === "value") continue;
      if (name === "class") {
        const kept = value.split(/\s+/).filter((c) => c && !c.startsWith("phx-"));
        if (kept.length) attrs.class = kept.join(" ");
        continue;
      }
      attrs[name] = value;
    }
    if (fields.includes(node.tagName)) {
      attrs["(value)"] = node.value;
      if (node.tagName === "TEXTAREA") return { tag: "textarea", attrs, children: [] };
    }
    const children = [...node.childNodes].map(walk).filter((c) => c !== null);
    return { tag: node.tagName.toLowerCase(), attrs, children };
  };
  return selector ? [walk(root)] : [...root.childNodes].map(walk).filter((c) => c !== null);
}

export function liveDom(page, selector = null) {
  return page.evaluate(normalizedView, [null, selector]);
}

// A fresh GET of `url` (a dead render) normalized the same way, in the same page.
export async function deadDom(page, url, selector = null) {
  const response = await fetch(url);
  assert.equal(response.status, 200, `GET ${url}`);
  return page.evaluate(normalizedView, [await response.text(), selector]);
}

// The live DOM (under `selector`, default the whole view) equals a fresh dead render.
export async function assertMatchesDeadRender(page, url, label, selector = null) {
  const live = await liveDom(page, selector);
  const dead = await deadDom(page, url, selector);
  assert.deepEqual(live, dead, `${label}: the live DOM equals a fresh dead render of ${url}`);
}
