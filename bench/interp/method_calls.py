# Method calls on user types: field reads and writes through self, a class method.
class Counter:
    def __init__(self, count, stride):
        self.count = count
        self.stride = stride

    def bump(self):
        self.count = self.count + self.stride

    def value(self):
        return self.count

    @classmethod
    def starting_at(cls, n):
        return cls(count=n, stride=3)


class Vec:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def dot(self, other):
        return self.x * other.x + self.y * other.y


c = Counter.starting_at(1)
v = Vec(x=2, y=5)
w = Vec(x=7, y=1)
total = 0
for i in range(1000000):
    c.bump()
    total = total + v.dot(w)
print(c.value())
print(total)
