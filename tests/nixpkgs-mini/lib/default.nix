# The library of qg's miniature nixpkgs: a small library with the names, the
# option types (by `name`, `check`, `merge`, `functor`...) and the module
# system semantics of nixpkgs' `lib`, written for these tests. It is plain Nix
# (Nix 2.8 evaluates it) and, like nixpkgs' lib, a fixed point that
# `lib.extend` can extend.
let
  fix = f: let x = f x; in x;
  # `extends g f`: the fixed point function f, then g on top of it.
  extends = g: f: final: let prev = f final; in prev // g final prev;
  makeExtensible = f: fix f // { extend = g: makeExtensible (extends g f); };
in
makeExtensible (self:
  let
    call = file: import file { lib = self; };
    trivial = call ./trivial.nix;
    lists = call ./lists.nix;
    attrsets = call ./attrsets.nix;
    strings = call ./strings.nix;
    options = call ./options.nix;
    modules = call ./modules.nix;
  in
  {
    inherit trivial lists attrsets strings options modules;
    types = call ./types.nix;
    systems = call ./systems.nix;
  }
  # Like nixpkgs' lib, the common functions are also at the top.
  // trivial // lists // attrsets // strings // options // modules
  // { inherit (self.types) mkOptionType isType setType; })
