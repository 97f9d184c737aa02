# String building: concatenation of small pieces, f-strings, join, and a running
# string grown by appending.
parts = []
for i in range(400000):
    name = "item" + str(i)
    parts.append(f"{name}={i}")
joined = ",".join(parts)
grown = ""
for i in range(40000):
    grown = grown + "x"
print(len(joined))
print(len(grown))
