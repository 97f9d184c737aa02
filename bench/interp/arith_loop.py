# Arithmetic in a while loop: locals, + * % and comparisons on Ints and Floats.
total = 0
acc = 0.0
i = 0
while i < 3000000:
    total = total + (i * i) % 7
    acc = acc + i * 0.5
    i = i + 1
print(total)
print(int(acc))
