# A standalone home configuration (`lib.homeManagerConfiguration`): the user's
# configuration evaluated with the home-manager modules; its failed assertions stop
# the build of `activationPackage`, as home-manager's do.
{ configuration, pkgs, lib ? pkgs.lib, extraSpecialArgs ? { }, check ? true }:
let
  extendedLib = import ./lib/stdlib-extended.nix lib;
  evaluated = extendedLib.evalModules {
    class = "homeManager";
    modules = [ configuration ] ++ import ./modules.nix {
      inherit pkgs check;
      lib = extendedLib;
    };
    specialArgs = { lib = extendedLib; modulesPath = builtins.toString ./.; } // extraSpecialArgs;
  };
  failed = map (a: a.message) (builtins.filter (a: !a.assertion) evaluated.config.assertions);
  checked =
    if failed == [ ] then evaluated
    else throw "\nFailed assertions:\n${lib.concatMapStrings (m: "- ${m}\n") failed}";
in
{
  inherit (evaluated) options config;
  activationPackage = checked.config.home.activationPackage;
}
