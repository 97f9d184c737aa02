# Dict churn: insert string keys, read them back, update, remove half.
let d = {}
for i in 0 until 100000
  d["k" .. i.str()] = i
end
let total = 0
for i in 0 until 100000
  total = total + d["k" .. i.str()]
end
for i in 0 until 100000 step 2
  d.remove("k" .. i.str())
end
for i in 1 until 100000 step 2
  d["k" .. i.str()] += 1
end
puts(total)
puts(d.len())
puts(d["k99999"])
