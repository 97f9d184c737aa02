# Method calls on user types: field reads and writes through self, a class method.
type Counter
  pub count: Int
  pub stride: Int

  fun bump()
    self.count = self.count + self.stride
  end

  fun value()
    self.count
  end

  fun self.starting_at(n)
    Counter.new(count: n, stride: 3)
  end
end

type Vec
  pub x: Int
  pub y: Int

  fun dot(other)
    self.x * other.x + self.y * other.y
  end
end

let c = Counter.starting_at(1)
let v = Vec.new(x: 2, y: 5)
let w = Vec.new(x: 7, y: 1)
let total = 0
for i in 0 until 1000000
  c.bump()
  total = total + v.dot(w)
end
puts(c.value())
puts(total)
