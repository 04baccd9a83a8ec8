let rep = s: n: if n == 0 then "" else s + rep s (n - 1); in
builtins.stringLength (rep "ab" 5000)
