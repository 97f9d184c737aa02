# Closures: creating closures, calling them, and mutating captured state.
fun make_adder(n)
  fun (x) x + n end
end

fun make_counter()
  let count = 0
  fun ()
    count = count + 1
    count
  end
end

let add3 = make_adder(3)
let counter = make_counter()
let total = 0
for i in 0 until 1000000
  total = add3(total) - 2
  counter()
end
let made = 0
for i in 0 until 300000
  made = made + make_adder(i)(1)
end
puts(total)
puts(counter())
puts(made)
