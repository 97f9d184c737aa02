// The page script of every LiveView page: the official clients, connected to /live.
// The user writes no JavaScript; hooks come from window.QuestLiveHooks (lv.layout).
import { Socket } from "phoenix";
import { LiveSocket } from "phoenix_live_view";
import { installErrorOverlay } from "./error_overlay.js";

const meta = document.querySelector("meta[name='csrf-token']");
const csrfToken = meta ? meta.getAttribute("content") : "";
const socketPath = document.body.dataset.liveSocket || "/live";
const liveSocket = new LiveSocket(socketPath, Socket, {
  params: { _csrf_token: csrfToken },
  hooks: window.QuestLiveHooks || {},
});
installErrorOverlay();
liveSocket.connect();
window.liveSocket = liveSocket;
