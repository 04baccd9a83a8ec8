let f = { a ? throw "default forced" }: "ok"; in
f { a = 1; }
