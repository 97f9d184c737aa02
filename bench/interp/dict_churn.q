# Dict churn: insert string keys, read them back, test membership, update in place.
# (Quest's Dict.remove returns a new dict, so a removal loop would measure copying;
# entries are overwritten instead.)
let d = {}
for i in 0 until 300000
  d["k" .. i.str()] = i
end
let total = 0
for i in 0 until 300000
  total = total + d["k" .. i.str()]
end
let hits = 0
for i in 0 until 600000 step 2
  if d.contains("k" .. i.str())
    hits = hits + 1
  end
end
for i in 1 until 300000 step 2
  d["k" .. i.str()] += 1
end
puts(total)
puts(hits)
puts(d.len())
puts(d["k299999"])
