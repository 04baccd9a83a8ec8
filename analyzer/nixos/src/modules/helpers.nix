# Small functions qg's module system calls from Rust.
{
  # Nix equality (unknown when an unknown takes part).
  eq = a: b: a == b;
}
