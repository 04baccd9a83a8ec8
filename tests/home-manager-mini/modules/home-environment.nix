# The user and the home: who, where, which home-manager release the files are
# written for, and the packages installed into the user's profile.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption types;
  cfg = config.home;
in
{
  options.home = {
    username = mkOption {
      type = types.str;
      example = "jane.doe";
      description = "The user's login name.";
    };
    homeDirectory = mkOption {
      type = types.path;
      example = "/home/jane.doe";
      description = "The user's home directory, an absolute path.";
    };
    packages = mkOption {
      type = types.listOf types.package;
      default = [ ];
      example = lib.literalExpression "[ pkgs.hello ]";
      description = "Packages installed into the user's profile.";
    };
    sessionVariables = mkOption {
      type = types.lazyAttrsOf (types.either types.str types.int);
      default = { };
      example = { EDITOR = "vi"; };
      description = "Environment variables of the user's login sessions.";
    };
    activationPackage = mkOption {
      type = types.package;
      internal = true;
      description = "What activates the home configuration.";
    };
  };

  config.home.activationPackage = pkgs.writeText "home-manager-generation"
    (lib.concatMapStrings (p: "${p.name or "package"}\n") cfg.packages);
}
