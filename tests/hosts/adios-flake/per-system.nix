# Per-system outputs (no host here).
{ pkgs, ... }:
{
  packages.default = pkgs.hello;
}
