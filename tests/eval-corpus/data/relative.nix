# Relative paths inside an imported file resolve against this file's directory.
let lib = import ./lib.nix; in
{
  doubled = lib.double 21;
  text = builtins.readFile ./hello.txt;
  here = baseNameOf (toString ./.);
}
