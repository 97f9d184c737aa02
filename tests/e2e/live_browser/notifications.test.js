// examples/notifications (the seed's NotificationComponent, Use Case 3, embedded with
// lv.live_component) under `quest serve`: a notification POSTed by another request
// appears on the open page by itself; the bell and "Mark read" reach the component;
// bad POSTs are refused and push nothing; after each step (dropdown closed) the page
// equals a fresh dead render of the same user.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import {
  serve, stopServers, launchBrowser, openLive, meter, report, waitFor,
  assertMatchesDeadRender,
} from "./live_page.js";

let browser;
let server;

before(async () => {
  server = await serve("examples/notifications/app.q");
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopServers();
});

function push(fields) {
  return fetch(`${server.url}/notifications`, { method: "POST", body: new URLSearchParams(fields) });
}

const badgeOf = (page) => page.$eval(".notifications", (el) => el.querySelector(".badge")?.textContent.trim() ?? null);
const messagesOf = (page) => page.$$eval(".notification p", (els) => els.map((el) => el.textContent.trim()));

test("a notification pushed from another request reaches the open page", async () => {
  const url = `${server.url}/notifications?user=e2e-ann`;
  const ann = await openLive(browser, url);
  const other = await openLive(browser, `${server.url}/notifications?user=e2e-bob`);
  assert.equal(await badgeOf(ann.page), null);
  assert.equal((await ann.page.textContent(".notification-dropdown")).trim(), "No notifications");
  await assertMatchesDeadRender(ann.page, url, "notifications (empty)");

  const m = meter(ann);
  const response = await push({ user_id: "e2e-ann", message: "Deploy finished" });
  assert.equal(response.status, 201);
  await waitFor("the badge", async () => (await badgeOf(ann.page)) === "1");
  report("notification pushed by POST", m.stop());
  assert.deepEqual(await messagesOf(ann.page), ["Deploy finished"]);
  await assertMatchesDeadRender(ann.page, url, "notifications (one unread)");

  // The bell opens the dropdown (a component event, no phx-target written by the user).
  const bell = meter(ann);
  await ann.page.click(".notification-bell");
  await waitFor("the dropdown open", async () =>
    (await ann.page.$eval(".notification-dropdown", (el) => el.style.display)) === "block");
  report("bell click", bell.stop());

  const read = meter(ann);
  await ann.page.click(".notification button:has-text('Mark read')");
  await waitFor("the badge gone", async () => (await badgeOf(ann.page)) === null);
  report("mark read click", read.stop());
  assert.equal(await ann.page.$(".notification.unread"), null);

  await ann.page.click(".notification-bell");
  await waitFor("the dropdown closed", async () =>
    (await ann.page.$eval(".notification-dropdown", (el) => el.style.display)) === "none");
  await assertMatchesDeadRender(ann.page, url, "notifications (read)");

  assert.equal(await badgeOf(other.page), null, "another user's page got nothing");
  assert.deepEqual([...ann.errors, ...other.errors], []);
  await ann.page.close();
  await other.page.close();
});

test("bad POSTs are refused with a reason and push nothing", async () => {
  const url = `${server.url}/notifications?user=e2e-cy`;
  const cy = await openLive(browser, url);
  const refusals = [
    [{ user_id: "e2e-cy" }, "message is required"],
    [{ user_id: "e2e-cy", message: "  " }, "message is required"],
    [{ message: "to nobody" }, "user_id is required"],
  ];
  for (const [fields, reason] of refusals) {
    const response = await push(fields);
    assert.equal(response.status, 400);
    assert.match(await response.text(), new RegExp(reason));
  }
  const badJson = await fetch(`${server.url}/notifications`, {
    method: "POST", headers: { "content-type": "application/json" }, body: "{nope",
  });
  assert.equal(badJson.status, 400);
  assert.match(await badJson.text(), /body is not JSON/);
  // Pushes reach a page in order: once the good one is shown, no refused one came first.
  assert.equal((await push({ user_id: "e2e-cy", message: "the only one" })).status, 201);
  await waitFor("the good notification", async () => (await badgeOf(cy.page)) === "1");
  assert.deepEqual(await messagesOf(cy.page), ["the only one"]);
  assert.deepEqual(cy.errors, []);
  await cy.page.close();
});
