let a = "A"; b = "B"; in
"outer ${"middle ${"inner ${a + b}"}"} end"
