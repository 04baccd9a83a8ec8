let
  s = {
    first = 1;
      second = 2;
  };
  pos = builtins.unsafeGetAttrPos "second" s;
in
[ pos.line pos.column (baseNameOf pos.file) (builtins.unsafeGetAttrPos "missing" s) ]
