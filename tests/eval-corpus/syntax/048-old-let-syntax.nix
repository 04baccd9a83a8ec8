# The deprecated `let { ... body = ...; }` form.
let {
  x = 20;
  y = 22;
  body = x + y;
}
