# Dict churn: insert string keys, read them back, test membership, update in place.
# (Quest's Dict.remove returns a new dict, so a removal loop would measure copying;
# entries are overwritten instead.)
d = {}
for i in range(300000):
    d["k" + str(i)] = i
total = 0
for i in range(300000):
    total = total + d["k" + str(i)]
hits = 0
for i in range(0, 600000, 2):
    if ("k" + str(i)) in d:
        hits = hits + 1
for i in range(1, 300000, 2):
    d["k" + str(i)] += 1
print(total)
print(hits)
print(len(d))
print(d["k299999"])
