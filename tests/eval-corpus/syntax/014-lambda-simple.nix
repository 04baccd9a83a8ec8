let inc = x: x + 1; in
inc (inc 1)
