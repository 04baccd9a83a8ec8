# Git: the program, the identity and settings written to `~/.config/git/config`.
{ config, lib, pkgs, ... }:
let
  inherit (lib) mkOption mkIf types;
  cfg = config.programs.git;
  value = types.either types.str (types.either types.int types.bool);
  settings = lib.recursiveUpdate
    (lib.optionalAttrs (cfg.userName != null || cfg.userEmail != null) {
      user = lib.filterAttrs (_: v: v != null) { name = cfg.userName; email = cfg.userEmail; };
    })
    cfg.extraConfig;
in
{
  imports = [
    (lib.mkRenamedOptionModule [ "programs" "git" "signing" "gpgPath" ] [ "programs" "git" "signing" "signer" ])
  ];

  options.programs.git = {
    enable = lib.mkEnableOption "Git";
    package = lib.mkPackageOption pkgs "git" { };
    userName = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "The name commits are made as.";
    };
    userEmail = mkOption {
      type = types.nullOr types.str;
      default = null;
      description = "The address commits are made as.";
    };
    extraConfig = mkOption {
      type = types.attrsOf (types.attrsOf value);
      default = { };
      example = { pull.rebase = true; };
      description = "Settings of the configuration file, by section.";
    };
    ignores = mkOption {
      type = types.listOf types.str;
      default = [ ];
      description = "Patterns every repository ignores.";
    };
    signing = {
      key = mkOption {
        type = types.nullOr types.str;
        default = null;
        description = "The key commits are signed with.";
      };
      signByDefault = mkOption {
        type = types.bool;
        default = false;
        description = "Whether every commit is signed.";
      };
      signer = mkOption {
        type = types.str;
        default = "gpg";
        description = "The program that signs.";
      };
    };
  };

  config = mkIf cfg.enable {
    assertions = [
      {
        assertion = cfg.signing.signByDefault -> cfg.signing.key != null;
        message = "programs.git.signing.signByDefault needs programs.git.signing.key.";
      }
    ];
    home.packages = [ cfg.package ];
    xdg.configFile."git/config".text = lib.hm.toGitIni settings;
    xdg.configFile."git/ignore" = mkIf (cfg.ignores != [ ]) {
      text = lib.concatMapStrings (p: "${p}\n") cfg.ignores;
    };
  };
}
