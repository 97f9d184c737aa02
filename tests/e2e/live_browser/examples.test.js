// The seed's LiveView examples (examples/*/app.q) under `quest serve`, in real headless
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
import { assertMatchesDeadRender } from "./live_page.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const STEP_MS = 15_000;

let browser;
const servers = [];

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

// Starts `quest serve` on a free port for one example app; resolves with its port.
async function serve(app) {
  const port = await freePort();
  let log = "";
  const child = spawn(process.env.QUEST_BIN, ["serve", "--port", String(port), app], {
    cwd: repo,
    env: { ...process.env, QUEST_INCLUDE: path.join(repo, "lib"), NO_COLOR: "1" },
  });
  servers.push(child);
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${app} did not start: ${log}`)), STEP_MS);
    const read = (chunk) => {
      log += chunk;
      if (log.includes("listening on")) { clearTimeout(timer); resolve(); }
    };
    child.stdout.on("data", read);
    child.stderr.on("data", read);
    child.on("exit", (code) => reject(new Error(`${app} exited ${code}: ${log}`)));
  });
  return port;
}

let port;

before(async () => {
  port = await serve("examples/counter/app.q");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  for (const child of servers) {
    if (child.exitCode === null) {
      child.kill("SIGTERM");
      await new Promise((resolve) => child.on("exit", resolve));
    }
  }
});

async function waitForText(page, selector, expected) {
  const until = Date.now() + STEP_MS;
  let last;
  while (Date.now() < until) {
    last = await page.textContent(selector).catch(() => null);
    if (last !== null && last.trim() === expected) return;
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
  await assertMatchesDeadRender(page, `http://127.0.0.1:${port}/counter`, "counter after reset");

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

test("a page from another origin cannot open the LiveView socket", async () => {
  // The same server reached as "localhost": the page's origin differs from the socket's.
  const page = await browser.newPage();
  await page.goto(`http://localhost:${port}/counter`, { timeout: STEP_MS });
  const outcome = await page.evaluate((p) => new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${p}/live/websocket?vsn=2.0.0`);
    socket.onopen = () => resolve("open");
    socket.onerror = () => resolve("refused");
  }), port);
  assert.equal(outcome, "refused");
  await page.close();
});

async function openConnected(appPort, pathname) {
  const page = await browser.newPage();
  const errors = [];
  const received = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("websocket", (ws) => ws.on("framereceived", (frame) => {
    const text = String(frame.payload);
    if (!text.includes("\"phoenix\",\"phx_reply\"")) received.push(text);
  }));
  await page.goto(`http://127.0.0.1:${appPort}${pathname}`, { timeout: STEP_MS });
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  return { page, errors, received };
}

test("registration: errors appear while typing (debounced), clear, and a valid submit redirects", async () => {
  const appPort = await serve("examples/registration/app.q");
  const { page, errors, received } = await openConnected(appPort, "/register");
  const mark = received.length;
  await page.fill("input[name=username]", "ab");
  await page.waitForSelector("text=Must be at least 3 characters", { timeout: STEP_MS });
  const validate = received.slice(mark);
  console.log(`# registration validate: ${validate.length} frame(s) received, ` +
    `${validate.reduce((n, f) => n + f.length, 0)} bytes`);
  await page.fill("input[name=username]", "ann");
  await page.fill("input[name=email]", "ann@example.com");
  await page.fill("input[name=password]", "long enough");
  const until = Date.now() + STEP_MS;
  while (Date.now() < until && (await page.$$(".error")).length > 0) await page.waitForTimeout(25);
  assert.equal((await page.$$(".error")).length, 0, "errors cleared");
  await page.click("button[type=submit]");
  await page.waitForURL(`http://127.0.0.1:${appPort}/dashboard`, { timeout: STEP_MS });
  await page.waitForSelector("text=1 registered", { timeout: STEP_MS });
  assert.deepEqual(errors, []);
  await page.close();
});

test("product browser: a component's events reach it without phx-target and it tells its parent", async () => {
  const appPort = await serve("examples/product_browser/app.q");
  const { page, errors, received } = await openConnected(appPort, "/products");
  await page.fill(".search input", "tea");
  await page.waitForSelector("li:has-text('Black tea')", { timeout: STEP_MS });
  assert.equal(await page.$("li:has-text('Coffee')"), null);
  const mark = received.length;
  await page.click("li:has-text('Black tea')");
  await waitForText(page, ".details h2", "Black tea");
  const select = received.slice(mark);
  console.log(`# product select (component -> parent): ${select.length} frame(s) received, ` +
    `${select.reduce((n, f) => n + f.length, 0)} bytes`);
  assert.deepEqual(errors, []);
  await page.close();
});

test("dashboard: a scheduled refresh arrives by itself as a small diff", async () => {
  const appPort = await serve("examples/dashboard/app.q");
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const pushed = [];
  page.on("websocket", (ws) => ws.on("framereceived", (frame) => {
    const text = String(frame.payload);
    if (text.includes("\"diff\",")) pushed.push(text);
  }));
  await page.goto(`http://127.0.0.1:${appPort}/dashboard`, { timeout: STEP_MS });
  await page.waitForSelector("[data-phx-main].phx-connected", { timeout: STEP_MS });
  const first = await page.textContent(".metrics");
  const until = Date.now() + STEP_MS;
  while (Date.now() < until && pushed.length === 0) await page.waitForTimeout(50);
  assert.equal(pushed.length >= 1, true, "a diff pushed by lv.schedule within 15 s");
  await page.waitForTimeout(100);
  assert.notEqual(await page.textContent(".metrics"), first, "the metrics changed on the page");
  assert.ok(!pushed[0].includes("class=\"metric\""), `statics are not resent: ${pushed[0]}`);
  console.log(`# dashboard refresh diff: ${pushed[0].length} bytes`);
  assert.deepEqual(errors, []);
  await page.close();
});
