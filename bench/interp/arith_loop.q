# Arithmetic in a while loop: locals, + * % and comparisons on Ints and Floats.
let total = 0
let acc = 0.0
let i = 0
while i < 3000000
  total = total + (i * i) % 7
  acc = acc + i * 0.5
  i = i + 1
end
puts(total)
puts(acc.to_int())
