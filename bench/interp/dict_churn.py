# Dict churn: insert string keys, read them back, update, remove half.
d = {}
for i in range(100000):
    d["k" + str(i)] = i
total = 0
for i in range(100000):
    total = total + d["k" + str(i)]
for i in range(0, 100000, 2):
    del d["k" + str(i)]
for i in range(1, 100000, 2):
    d["k" + str(i)] += 1
print(total)
print(len(d))
print(d["k99999"])
