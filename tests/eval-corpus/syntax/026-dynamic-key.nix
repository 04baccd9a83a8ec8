let k = "dyn"; in
{
  ${k} = 1;
  "${k}-suffix" = 2;
  ${"a" + "b"} = 3;
}
