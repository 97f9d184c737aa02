// The chat page that `make serve` shows, in real headless Chromium: the page loads the
// official phoenix.js from /assets, joins room:<name> over the browser's own WebSocket
// (so the upgrade carries a real Origin header and passes the same-origin check), and
// two tabs see each other's messages and presence. Timeouts only stop a broken server
// from hanging the suite; nothing here measures speed.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { chromium } from "playwright-core";
import { startChatServer } from "../channels/harness.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "../../..");
const STEP_MS = 15_000;

let server;
let browser;

before(async () => {
  server = await startChatServer([
    "--static", path.join(repo, "examples/native/public"),
    "--assets", path.join(repo, "tests/e2e/node_modules/phoenix/priv/static"),
  ]);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
});

// Opens the page, joins `room` as `user`, waits until the chat is shown.
async function joinAs(user, room) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("dialog", (dialog) => { errors.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  await page.goto(`http://127.0.0.1:${server.port}/`, { timeout: STEP_MS });
  await page.fill("#user", user);
  await page.fill("#room", room);
  await page.click("#join-form button");
  await page.waitForSelector("#app:not([hidden])", { timeout: STEP_MS });
  return { page, errors };
}

const onlineNames = (page) => page.$$eval("#online li", (items) => items.map((li) => li.textContent));
const lines = (page) => page.$$eval("#messages li", (items) => items.map((li) => li.textContent));

async function waitFor(page, read, predicate, what) {
  const until = Date.now() + STEP_MS;
  let last;
  while (Date.now() < until) {
    last = await read(page);
    if (predicate(last)) return last;
    await page.waitForTimeout(25);
  }
  assert.fail(`${what}: last seen ${JSON.stringify(last)}`);
}

test("two tabs chat and see each other online; a closed tab leaves the list", async () => {
  const alice = await joinAs("alice", "browsers");
  const bob = await joinAs("bob", "browsers");

  const both = (names) => names.length === 2 && names.includes("alice") && names.includes("bob");
  await waitFor(alice.page, onlineNames, both, "alice's online list");
  await waitFor(bob.page, onlineNames, both, "bob's online list");

  await alice.page.fill("#body", "hello from chromium");
  await alice.page.click("#message-form button");
  await waitFor(bob.page, lines, (seen) => seen.includes("alice: hello from chromium"), "bob's messages");
  await waitFor(alice.page, lines, (seen) => seen.includes("alice: hello from chromium"), "alice's own echo");

  await bob.page.close();
  await waitFor(alice.page, onlineNames, (names) => names.length === 1 && names[0] === "alice",
    "alice's list after bob left");
  assert.deepEqual(alice.errors, []);
  assert.deepEqual(bob.errors, []);
  await alice.page.close();
});

test("the same user in two tabs is listed once with two metas", async () => {
  const first = await joinAs("carol", "tabs");
  const second = await joinAs("carol", "tabs");
  await waitFor(first.page, onlineNames, (names) => names.length === 1 && names[0] === "carol (2 tabs)",
    "carol's list in the first tab");
  await second.page.close();
  await waitFor(first.page, onlineNames, (names) => names.length === 1 && names[0] === "carol",
    "carol's list after closing a tab");
  assert.deepEqual(first.errors, []);
  await first.page.close();
});

test("a page from another origin cannot open the socket", async () => {
  // Same server, reached as "localhost": the page's origin (localhost:port) differs from
  // what it connects to (127.0.0.1:port), so the upgrade is refused with 403.
  const page = await browser.newPage();
  await page.goto(`http://localhost:${server.port}/`, { timeout: STEP_MS });
  const outcome = await page.evaluate((port) => new Promise((resolve) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/socket/websocket?vsn=2.0.0`);
    socket.onopen = () => resolve("open");
    socket.onerror = () => resolve("refused");
  }), server.port);
  assert.equal(outcome, "refused");
  await page.close();
});
