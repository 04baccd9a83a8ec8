# The list of home-manager's modules, given the package set they are evaluated with
# (nixpkgs' own assertions module comes from its tree, `pkgs.path`).
{ pkgs, lib, check ? true, useNixpkgsModule ? true, minimal ? false }:
let
  modules = [
    ./files.nix
    ./home-environment.nix
    ./misc/submodule-support.nix
    ./misc/version.nix
    ./misc/xdg.nix
    ./programs/git.nix
    ./programs/shell.nix
    (pkgs.path + "/nixos/modules/misc/assertions.nix")
  ];
  pkgsModule = {
    key = "home-manager pkgs";
    config = {
      _module.args.baseModules = modules;
      _module.args.pkgsPath = lib.mkDefault pkgs.path;
      _module.args.pkgs = lib.mkDefault pkgs;
      _module.check = check;
    };
  };
in
modules ++ [ pkgsModule ]
