# The seed's LiveView chat on /chat/:room_id (the view: chat_view.q): open the same room
# in two windows and talk. Not the Channels chat of examples/chat.
# Run: quest serve examples/live_chat/app.q  and open http://127.0.0.1:3000/chat/lobby
use "std/web/liveview" as lv
use "./chat_view" as chat

lv.mount("/chat/:room_id", chat.ChatView, session: chat.session_for)

fun handle_request(request)
  {"status": 302, "headers": {"Location": "/chat/lobby"}, "body": ""}
end
