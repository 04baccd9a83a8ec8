let f = 2.5; in
"value=${toString f} half=${toString (f / 2)}"
