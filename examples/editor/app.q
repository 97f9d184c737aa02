# The seed's collaborative editor on /editor/:doc_id (the view: editor_view.q): open one
# document in two windows and type in either.
# Run: quest serve examples/editor/app.q  and open http://127.0.0.1:3000/editor/notes
use "std/web/liveview" as lv
use "./editor_view" as editor

lv.mount("/editor/:doc_id", editor.EditorView, session: editor.session_for)

fun handle_request(request)
  {"status": 302, "headers": {"Location": "/editor/notes"}, "body": ""}
end
