# The benchmark app: the seed's echo (without its log lines) plus a broadcast trigger.
use "std/web" as web
use "std/web/ws" as ws

web.websocket("/ws", fun (socket)
  socket.on_message(fun (data)
    if data.startswith("bcast:")
      let count = data.slice(6, data.len()).to_int()
      let i = 0
      while i < count
        ws.broadcast("/ws", "b")
        i = i + 1
      end
    else
      socket.send(data)
    end
  end)
  socket.on_close(fun (code, reason) nil end)
end)
