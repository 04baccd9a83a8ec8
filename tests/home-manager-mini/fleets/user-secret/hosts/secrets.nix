# The host's secrets, shaped like sops-nix's NixOS module: each one a file under /run/secrets.
{ lib, ... }:
{
  options.sops.secrets = lib.mkOption {
    type = lib.types.attrsOf (lib.types.submodule ({ name, ... }: {
      options.path = lib.mkOption {
        type = lib.types.str;
        default = "/run/secrets/${name}";
      };
    }));
    default = { };
  };
}
