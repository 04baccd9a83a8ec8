let
  f = { name, version ? "0", ... }@attrs:
    "${name}-${version} (${toString (builtins.length (builtins.attrNames attrs))} attrs)";
in
[ (f { name = "a"; }) (f { name = "b"; version = "2"; other = null; }) ]
