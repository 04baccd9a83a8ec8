let classify = n: if n < 0 then "neg" else if n == 0 then "zero" else "pos"; in
map classify [ (0 - 3) 0 7 ]
