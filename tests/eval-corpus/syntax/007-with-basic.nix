let s = { x = 3; y = 4; }; in
with s; x * y
