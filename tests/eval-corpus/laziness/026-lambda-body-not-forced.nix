# --strict does not call functions, so a throwing body is fine.
{ f = x: throw "body"; g = { a ? throw "default" }: a; }
