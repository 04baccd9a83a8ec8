# Imported by tests under ../import and ../builtins.
{
  name = "lib";
  double = x: x * 2;
  compose = f: g: x: f (g x);
  nested = { deep = { value = 42; }; };
}
