# Array churn: push, index, indexed assignment, pop, map/filter/reduce.
let arr = []
for i in 0 until 600000
  arr.push(i)
end
let i = 0
while i < arr.len()
  arr[i] = arr[i] * 2
  i = i + 1
end
let popped = 0
for j in 0 until 200000
  popped = popped + arr.pop()
end
let evens = arr.filter(fun (x) x % 4 == 0 end)
let squares = evens.map(fun (x) x * x end)
let total = squares.reduce(fun (acc, x) acc + x end, 0)
puts(arr.len())
puts(popped)
puts(total)
