# Small functions qg's module system calls from Rust.
{
  # Nix equality (unknown when an unknown takes part).
  eq = a: b: a == b;

  # `lib` made extensible as nixpkgs' is (`lib.extend (final: prev: { ... })`): each
  # extension sees the extended lib as `final` and the one before as `prev`, and the
  # result can be extended again.
  extensible = lib:
    let
      make = prev: prev // {
        extend = f: let final = make (prev // f final prev); in final;
      };
    in
    make lib;
}
