// examples/chat/app.q's page in real headless Chromium under `quest serve`: phoenix.js
// from /assets, new Socket("/ws") over the browser's own WebSocket, two tabs chat and see
// each other through Presence.onSync. Timeouts only stop a broken server from hanging.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startQuest } from "./quest_server.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const app = path.resolve(here, "../../../examples/chat/app.q");
const STEP_MS = 15_000;

let server;
let browser;
before(async () => {
  server = await startQuest(app);
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

async function joinAs(username, room) {
  const page = await browser.newPage();
  const errors = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${server.url}/`, { timeout: STEP_MS });
  await page.fill("#username", username);
  await page.fill("#room", room);
  await page.click("#join-form button");
  await page.waitForSelector("#app:not([hidden])", { timeout: STEP_MS });
  return { page, errors };
}

const online = (page) => page.$$eval("#online li", (items) => items.map((li) => li.textContent));
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

test("two tabs chat with presence; a closed tab leaves the list", async () => {
  const ann = await joinAs("Ann", "browsers");
  const bob = await joinAs("Bob", "browsers");
  const both = (names) => names.length === 2 && names.includes("Ann") && names.includes("Bob");
  await waitFor(ann.page, online, both, "Ann's online list");
  await waitFor(bob.page, online, both, "Bob's online list");

  await ann.page.fill("#input", "hello from chromium");
  await ann.page.click("#send");
  await waitFor(bob.page, lines, (seen) => seen.includes("Ann: hello from chromium"), "Bob's messages");
  await waitFor(ann.page, lines, (seen) => seen.includes("Ann: hello from chromium"), "Ann's own message");

  await bob.page.close();
  await waitFor(ann.page, online, (names) => names.length === 1 && names[0] === "Ann", "Ann's list after Bob left");
  assert.deepEqual(ann.errors, []);
});
