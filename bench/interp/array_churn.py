# Array churn: push, index, indexed assignment, pop, map/filter/reduce.
from functools import reduce

arr = []
for i in range(600000):
    arr.append(i)
i = 0
while i < len(arr):
    arr[i] = arr[i] * 2
    i = i + 1
popped = 0
for j in range(200000):
    popped = popped + arr.pop()
evens = list(filter(lambda x: x % 4 == 0, arr))
squares = list(map(lambda x: x * x, evens))
total = reduce(lambda acc, x: acc + x, squares, 0)
print(len(arr))
print(popped)
print(total)
