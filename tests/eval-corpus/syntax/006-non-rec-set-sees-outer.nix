# In a non-rec set, `a` refers to the let binding, not the sibling attribute.
let a = "outer"; in
{
  a = "inner";
  b = a;
}
