// examples/editor (the seed's collaborative editor, Use Case 2) under `quest serve`:
// two browser contexts on one document. Typing in one (debounced by phx-debounce="100")
// replaces the other's text through pub/sub, both ways; the writers see each other join;
// the document area then equals a fresh dead render (the saved document).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  serve, stopServers, launchBrowser, openLive, meter, report, waitFor,
  assertMatchesDeadRender,
} from "./live_page.js";

let browser;
let server;

before(async () => {
  server = await serve("examples/editor/app.q");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServers();
});

const textOf = (page) => page.inputValue(".editor-area textarea");
const usersOf = (page) => page.$$eval(".users .user", (els) => els.map((el) => el.textContent.trim()));

// Types `text` key by key into the page's textarea; returns the step's frame figures and
// how many update_content events the client sent for it.
async function type(live, text) {
  const m = meter(live);
  await live.page.locator(".editor-area textarea").pressSequentially(text, { delay: 10 });
  return m;
}

test("two writers co-edit one document", async () => {
  const doc = `${server.url}/editor/e2e-doc`;
  const annCtx = await browser.newContext();
  const bobCtx = await browser.newContext();
  const ann = await openLive(annCtx, `${doc}?name=Ann`);
  const bob = await openLive(bobCtx, `${doc}?name=Bob`);
  assert.equal((await ann.page.textContent("h2")).trim(), "Document e2e-doc");

  await waitFor("Ann sees Bob join", async () => (await usersOf(ann.page)).includes("Bob"),
    async () => JSON.stringify(await usersOf(ann.page)));
  assert.ok((await usersOf(bob.page)).includes("Bob"), "Bob sees himself (his own user_joined)");

  const text = "Hello from Ann";
  const step = await type(ann, text);
  await waitFor("Ann's text in Bob's editor", async () => (await textOf(bob.page)) === text,
    async () => JSON.stringify(await textOf(bob.page)));
  const figures = step.stop();
  const events = figures.frames.filter((f) => f.dir === "sent" && f.text.includes("update_content")).length;
  console.log(`# editor: ${text.length} keystrokes sent as ${events} update_content event(s) (phx-debounce 100)`);
  report("editor typing (Ann)", figures);
  assert.ok(events >= 1 && events <= text.length);
  assert.equal(await textOf(ann.page), text, "the writer's own text is not overwritten");

  // Ann leaves the textarea (the client never patches a focused field), Bob edits.
  await ann.page.click("h2");
  await bob.page.locator(".editor-area textarea").click();
  await bob.page.keyboard.press("End");
  const bobStep = await type(bob, " and Bob");
  await waitFor("Bob's edit in Ann's editor", async () => (await textOf(ann.page)) === `${text} and Bob`,
    async () => JSON.stringify(await textOf(ann.page)));
  report("editor typing (Bob)", bobStep.stop());
  await bob.page.click("h2");

  // A fresh GET is a new writer (its mount announces itself): compare the document area.
  for (const who of [ann, bob]) {
    await assertMatchesDeadRender(who.page, `${doc}?name=Probe`, "editor", ".editor-area");
  }
  assert.deepEqual([...ann.errors, ...bob.errors], []);
  await annCtx.close();
  await bobCtx.close();
});

test("another document is not touched", async () => {
  const one = await openLive(browser, `${server.url}/editor/e2e-one?name=One`);
  const two = await openLive(browser, `${server.url}/editor/e2e-two?name=Two`);
  await type(one, "only in one");
  await waitFor("the text saved for e2e-one", async () => {
    const response = await fetch(`${server.url}/editor/e2e-one?name=Probe`);
    return (await response.text()).includes(">only in one</textarea>");
  });
  assert.equal(await textOf(two.page), "");
  assert.deepEqual([...one.errors, ...two.errors], []);
  await one.page.close();
  await two.page.close();
});
