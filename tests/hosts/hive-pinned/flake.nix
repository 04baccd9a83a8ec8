# A fleet deployed by colmena without flakes: its NixOS hosts are the nodes of hive.nix,
# not flake outputs (the flake has none).
{
  outputs = _: { };
}
