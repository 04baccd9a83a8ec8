# home-manager's NixOS module: `home-manager.users.<name>` is a home configuration
# per user (a submodule evaluated with home-manager's modules, the shared modules
# and the user's own), whose assertions and warnings the system reports as its own.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.home-manager;
  extendedLib = import ../modules/lib/stdlib-extended.nix lib;

  hmModule = types.submoduleWith {
    description = "home-manager module";
    class = "homeManager";
    specialArgs = {
      lib = extendedLib;
      osConfig = config;
      osClass = "nixos";
      modulesPath = builtins.toString ../modules;
    } // cfg.extraSpecialArgs;
    modules = [
      ({ name, ... }: {
        imports = import ../modules/modules.nix {
          inherit pkgs;
          lib = extendedLib;
          useNixpkgsModule = !cfg.useGlobalPkgs;
        } ++ cfg.sharedModules;
        config = {
          submoduleSupport.enable = true;
          submoduleSupport.externalPackageInstall = cfg.useUserPackages;
          home.username = config.users.users.${name}.name;
          home.homeDirectory = config.users.users.${name}.home;
        };
      })
    ];
  };

  # Each user's messages, named after the user.
  perUser = f: lib.concatLists (lib.mapAttrsToList f cfg.users);
in
{
  options.home-manager = {
    useUserPackages = lib.mkEnableOption "installing `home.packages` through `users.users.<name>.packages`";
    useGlobalPkgs = lib.mkEnableOption "the system's package set in home configurations";
    backupFileExtension = mkOption {
      type = types.nullOr types.str;
      default = null;
      example = "backup";
      description = "The extension given to a file that a link would replace.";
    };
    extraSpecialArgs = mkOption {
      type = types.attrs;
      default = { };
      example = lib.literalExpression "{ inherit inputs; }";
      description = "Arguments given to every home configuration's modules.";
    };
    sharedModules = mkOption {
      type = types.listOf types.raw;
      default = [ ];
      description = "Modules every user's home configuration imports.";
    };
    users = mkOption {
      type = types.attrsOf hmModule;
      default = { };
      visible = "shallow";
      description = "The home configuration of each user.";
    };
  };

  config = lib.mkIf (cfg.users != { }) {
    assertions = perUser (user: hm: map (a: {
      inherit (a) assertion;
      message = "${user} profile: ${a.message}";
    }) hm.assertions);
    warnings = perUser (user: hm: map (w: "${user} profile: ${w}") hm.warnings);
    users.users = lib.mkIf cfg.useUserPackages
      (lib.mapAttrs (_: hm: { packages = [ hm.home.activationPackage ]; }) cfg.users);
  };
}
