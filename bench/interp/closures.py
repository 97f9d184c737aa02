# Closures: creating closures, calling them, and mutating captured state.
def make_adder(n):
    return lambda x: x + n


def make_counter():
    count = 0

    def counter():
        nonlocal count
        count = count + 1
        return count
    return counter


add3 = make_adder(3)
counter = make_counter()
total = 0
for i in range(1000000):
    total = add3(total) - 2
    counter()
made = 0
for i in range(300000):
    made = made + make_adder(i)(1)
print(total)
print(counter())
print(made)
