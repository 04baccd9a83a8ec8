# The user's secrets, shaped like sops-nix's home-manager module: each one a key of a sops
# file, installed under the user's runtime folder.
{ config, lib, ... }:
let
  inherit (lib) mkOption types;
  top = config;
in
{
  options.sops = {
    defaultSopsFile = mkOption {
      type = types.path;
      description = "The sops file a secret reads when it names none.";
    };
    secrets = mkOption {
      type = types.attrsOf (types.submodule ({ name, ... }: {
        options = {
          key = mkOption {
            type = types.str;
            default = name;
            description = "The key of the secret in its sops file.";
          };
          sopsFile = mkOption {
            type = types.path;
            default = top.sops.defaultSopsFile;
            description = "The sops file of the secret.";
          };
          format = mkOption {
            type = types.str;
            default = "yaml";
            description = "The format of the sops file.";
          };
          path = mkOption {
            type = types.str;
            default = "/run/user/1000/secrets/${name}";
            description = "Where the secret is installed.";
          };
        };
      }));
      default = { };
      description = "The user's secrets.";
    };
  };
  config.sops.defaultSopsFile = ./secrets.yaml;
  config.sops.secrets.api-token = { };
}
