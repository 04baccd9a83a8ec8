# lite-config's flake module: hosts listed with their systems, modules from a folder.
{
  inputs = {
    nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";
    flake-parts.url = "github:hercules-ci/flake-parts";
    lite-config.url = "github:yelite/lite-config";
  };
  outputs = inputs@{ flake-parts, ... }:
    flake-parts.lib.mkFlake { inherit inputs; } {
      systems = [ "x86_64-linux" ];
      imports = [ inputs.lite-config.flakeModule ];
      lite-config = { lib, ... }: {
        hostModuleDir = ./hosts;
        hosts = {
          build01.system = "x86_64-linux";
          mac01.system = "aarch64-darwin";
        };
        systemModules = [
          ({ hostPlatform, ... }: {
            imports = lib.optionals hostPlatform.isLinux [ ./common ];
          })
        ];
      };
    };
}
