rec {
  name = "key";
  ${"computed"} = name;
}
