// The seed's CounterView (examples/counter/app.q) under `quest serve`, in real headless
// Chromium with the official phoenix_live_view client from the page's own bundle:
// the page loads, connects, clicks change the count, and the reply frames stay small.
// A join with a forged session token or a wrong CSRF token is refused.
// Timeouts only stop a broken server from hanging the suite.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import net from "node:net";
import path from "node:path";
import { chromium } from "playwright-core";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const STEP_MS = 15_000;

let server;
let port;
let browser;
let serverLog = "";

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.listen(0, "127.0.0.1", () => {
      const { port: p } = probe.address();
      probe.close(() => resolve(p));
    });
    probe.on("error", reject);
  });
}

before(async () => {
  port = await freePort();
  server = spawn(process.env.QUEST_BIN, ["serve", "--port", String(port), "examples/counter/app.q"], {
    cwd: repo,
    env: { ...process.env, QUEST_INCLUDE: path.join(repo, "lib"), NO_COLOR: "1" },
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start: ${serverLog}`)), STEP_MS);
    const read = (chunk) => {
      serverLog += chunk;
      if (serverLog.includes("listening on")) { clearTimeout(timer); resolve(); }
    };
    server.stdout.on("data", read);
    server.stderr.on("data", read);
    server.on("exit", (code) => reject(new Error(`server exited ${code}: ${serverLog}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) {
    server.kill("SIGTERM");
    await new Promise((resolve) => server.on("exit", resolve));
  }
});

async function waitForText(page, selector, expected) {
  const until = Date.now() + STEP_MS;
  let last;
  while (Date.now() < until) {
    last = await page.textContent(selector);
    if (last.trim() === expected) return;
    await page.waitForTimeout(20);
  }
  assert.fail(`${selector}: expected ${JSON.stringify(expected)}, last seen ${JSON.stringify(last)}`);
}

test("the counter page connects and clicks change the count with small frames", async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const received = [];
  page.on("websocket", (ws) => ws.on("framereceived", (frame) => received.push(String(frame.payload))));

  await page.goto(`http://127.0.0.1:${port}/counter`, { timeout: STEP_MS });
  assert.equal((await page.textContent("h1")).trim(), "Count: 0", "dead render");
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  const join = received.find((f) => f.includes("\"rendered\""));
  assert.ok(join, "a join reply with the rendered tree");

  const before = received.length;
  await page.click("button[phx-click=increment]");
  await waitForText(page, "h1", "Count: 1");
  await page.click("button[phx-click=increment]");
  await waitForText(page, "h1", "Count: 2");
  await page.click("button[phx-click=decrement]");
  await waitForText(page, "h1", "Count: 1");
  await page.click("button[phx-click=reset]");
  await waitForText(page, "h1", "Count: 0");

  const replies = received.slice(before).filter((f) => f.includes("\"diff\""));
  assert.equal(replies.length, 4, `one diff reply per click: ${JSON.stringify(replies)}`);
  for (const reply of replies) {
    assert.ok(!reply.includes("<button"), `statics are not resent: ${reply}`);
    assert.ok(reply.length < 120, `small reply (${reply.length} B): ${reply}`);
  }
  console.log(`# click reply sizes: ${replies.map((r) => r.length).join(", ")} bytes`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("a forged session token and a wrong CSRF token are refused", async () => {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/counter`, { timeout: STEP_MS });
  const outcomes = await page.evaluate(async (p) => {
    const container = document.querySelector("[data-phx-main]");
    const csrf = document.querySelector("meta[name='csrf-token']").content;
    const session = container.dataset.phxSession;
    const [body, signature] = session.split(".");
    const forged = body.slice(0, -2) + (body.endsWith("A") ? "B" : "A") + body.slice(-1) + "." + signature;
    const tryJoin = (sessionToken, csrfToken) => new Promise((resolve) => {
      const ws = new WebSocket(`ws://127.0.0.1:${p}/live/websocket?vsn=2.0.0`);
      ws.onopen = () => ws.send(JSON.stringify(["1", "1", `lv:${container.id}`, "phx_join",
        { url: location.href, params: { _csrf_token: csrfToken }, session: sessionToken, static: null }]));
      ws.onmessage = (event) => { resolve(JSON.parse(event.data)[4]); ws.close(); };
      ws.onerror = () => resolve("socket error");
    });
    return {
      forged: await tryJoin(forged, csrf),
      badCsrf: await tryJoin(session, "not-the-token"),
      good: await tryJoin(session, csrf),
    };
  }, port);
  assert.deepEqual(outcomes.forged, { status: "error", response: { reason: "stale" } });
  assert.deepEqual(outcomes.badCsrf, { status: "error", response: { reason: "stale" } });
  assert.equal(outcomes.good.status, "ok");
  assert.ok(outcomes.good.response.rendered, "the genuine token joins");
  await page.close();
});
