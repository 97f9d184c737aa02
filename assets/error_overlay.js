// The development-mode error overlay. In development std/web/liveview sends a handler's
// exception (mount, handle_event, handle_info, handle_params, render) as the push event
// "quest:error", which the official client dispatches as the window event
// phx:quest:error. This shows it in a dismissable box: which handler, the error type,
// the message and the Quest stack. Production never sends the event.
// Every piece is set with textContent, never innerHTML: a message holding "<script>"
// shows as text.
const OVERLAY_ID = "quest-error-overlay";

function element(tag, attrs, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

function dismiss() {
  document.getElementById(OVERLAY_ID)?.remove();
}

function show(error) {
  dismiss();  // the latest error replaces the one shown
  const box = element("div", {
    id: OVERLAY_ID, role: "alertdialog", "aria-labelledby": "quest-error-title",
    style: "position:fixed;inset:auto 1rem 1rem 1rem;max-height:70vh;overflow:auto;z-index:2147483647;" +
      "background:#fff;color:#222;border:2px solid #b00020;border-radius:6px;padding:1rem 1.25rem;" +
      "font:14px/1.45 system-ui,sans-serif;box-shadow:0 8px 30px rgba(0,0,0,.25)",
  });
  const close = element("button", {
    id: "quest-error-dismiss", type: "button", "aria-label": "Dismiss",
    style: "float:right;font-size:1.1rem;border:0;background:none;cursor:pointer",
  }, "\u00d7");
  close.addEventListener("click", dismiss);
  const pre = "white-space:pre-wrap;background:#f6f6f6;padding:.6rem;margin:.5rem 0;overflow:auto";
  box.append(
    close,
    element("strong", { id: "quest-error-title", style: "color:#b00020" },
      `${error.type ?? "Error"} in ${error.where ?? "a handler"}`),
    element("pre", { id: "quest-error-message", style: pre }, String(error.message ?? "")),
    element("div", { style: "color:#666" }, "Quest stack"),
    element("pre", { id: "quest-error-stack", style: pre },
      Array.isArray(error.stack) && error.stack.length ? error.stack.join("\n") : "(no Quest frames)"),
    element("div", { style: "color:#666;font-size:12px" },
      `view ${error.view ?? "?"}: its assigns are as before the call and it stays connected. ` +
      "Shown in development only (QUEST_ENV=production hides it)."),
  );
  document.body.appendChild(box);
}

export function installErrorOverlay() {
  window.addEventListener("phx:quest:error", (event) => show(event.detail || {}));
  window.addEventListener("keydown", (event) => { if (event.key === "Escape") dismiss(); });
}
