# String building: concatenation of small pieces, f-strings, join, and a running
# string grown by appending.
let parts = []
for i in 0 until 400000
  let name = "item" .. i.str()
  parts.push(f"{name}={i}")
end
let joined = parts.join(",")
let grown = ""
for i in 0 until 40000
  grown = grown .. "x"
end
puts(joined.len())
puts(grown.len())
