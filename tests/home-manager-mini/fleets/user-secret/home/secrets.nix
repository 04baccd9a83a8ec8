# The user's secrets, shaped like sops-nix's home-manager module: files under the user's runtime folder.
{ lib, ... }:
{
  options.sops.secrets = lib.mkOption {
    type = lib.types.attrsOf (lib.types.submodule ({ name, ... }: {
      options.path = lib.mkOption {
        type = lib.types.str;
        default = "/run/user/1000/secrets/${name}";
      };
    }));
    default = { };
  };
  config.sops.secrets.api-token = { };
}
