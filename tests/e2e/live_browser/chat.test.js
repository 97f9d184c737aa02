// examples/live_chat (the seed's LiveView ChatView) under `quest serve`, two browser
// contexts (two users) in one room: what one sends reaches both through pub/sub, the
// sender's input is cleared, another room hears nothing, and each page then equals a
// fresh dead render of the room (the history comes from the room's store).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  serve, stopServers, launchBrowser, openLive, meter, report, waitFor,
  assertMatchesDeadRender,
} from "./live_page.js";

let browser;
let server;

before(async () => {
  server = await serve("examples/live_chat/app.q");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServers();
});

const messagesOf = (page) => page.$$eval(".messages .message",
  (els) => els.map((el) => el.textContent.replace(/\s+/g, " ").trim()));

async function send(live, text) {
  const m = meter(live);
  await live.page.fill("input[name=message]", text);
  await live.page.click("button[type=submit]");
  return m;
}

test("two users chat in one room; the other room stays quiet", async () => {
  const room = `${server.url}/chat/e2e-room`;
  const annCtx = await browser.newContext();
  const bobCtx = await browser.newContext();
  const eveCtx = await browser.newContext();
  const ann = await openLive(annCtx, `${room}?name=Ann`);
  const bob = await openLive(bobCtx, `${room}?name=Bob`);
  const eve = await openLive(eveCtx, `${server.url}/chat/other-room?name=Eve`);

  const step = await send(ann, "hello bob");
  for (const who of [ann, bob]) {
    await waitFor("Ann's message on both pages",
      async () => (await messagesOf(who.page)).includes("Ann: hello bob"),
      async () => JSON.stringify(await messagesOf(who.page)));
  }
  await waitFor("Ann's input cleared", async () => (await ann.page.inputValue("input[name=message]")) === "");
  const annFigures = step.stop();
  report("chat send (sender: change + submit, reply, broadcast diff)", annFigures);
  assert.ok(annFigures.frames.every((f) => !f.text.includes("<form")), "statics are not resent");

  const bobStep = await send(bob, "hi ann");
  for (const who of [ann, bob]) {
    await waitFor("Bob's reply on both pages",
      async () => JSON.stringify(await messagesOf(who.page)) === JSON.stringify(["Ann: hello bob", "Bob: hi ann"]),
      async () => JSON.stringify(await messagesOf(who.page)));
  }
  report("chat send (Bob)", bobStep.stop());

  assert.deepEqual(await messagesOf(eve.page), [], "another room hears nothing");
  for (const who of [ann, bob]) {
    await assertMatchesDeadRender(who.page, room, "chat");
  }
  assert.deepEqual([...ann.errors, ...bob.errors, ...eve.errors], []);
  await annCtx.close();
  await bobCtx.close();
  await eveCtx.close();
});

test("a user who opens the room later gets the history and new messages", async () => {
  const room = `${server.url}/chat/e2e-later`;
  const first = await openLive(browser, `${room}?name=First`);
  await send(first, "before you came");
  await waitFor("the message on the sender's page",
    async () => (await messagesOf(first.page)).includes("First: before you came"));
  const later = await openLive(browser, `${room}?name=Later`);
  assert.deepEqual(await messagesOf(later.page), ["First: before you came"], "history, once");
  await send(later, "now I am here");
  // Each page gets the message in its own frame; wait for both before comparing them.
  for (const [where, who] of [["first", first], ["later", later]]) {
    await waitFor(`the new message on the ${where} page`,
      async () => (await messagesOf(who.page)).includes("Later: now I am here"));
  }
  assert.deepEqual(await messagesOf(first.page), ["First: before you came", "Later: now I am here"]);
  await assertMatchesDeadRender(later.page, room, "chat (later viewer)");
  assert.deepEqual([...first.errors, ...later.errors], []);
  await first.page.close();
  await later.page.close();
});
