# lite-config (`flakeModule`): the flake-parts option `lite-config`, a module whose
# `hosts.<name>.system` lists the hosts and whose `hostModuleDir`, `systemModules`,
# `nixosModules` and `hostModules` give their modules. Each host whose system is not a
# Darwin one is `nixosSystem` of those modules and `<hostModuleDir>/<name>`, with the
# special arguments `inputs`, `self` and `hostPlatform` (the system's predicates known,
# the rest unknown), plus lite-config's own modules, which qg cannot see.
{ lib, unknown, openSet, knows, knownNames, get, ... }:
let
  inherit (builtins) filter isFunction;

  platform = system: openSet "hostPlatform of ${system}" {
    inherit system;
    isLinux = lib.hasSuffix "-linux" system;
    isDarwin = lib.hasSuffix "-darwin" system;
    isx86_64 = lib.hasPrefix "x86_64-" system;
    isAarch64 = lib.hasPrefix "aarch64-" system;
  };

  flakeModule = { config, inputs, self, ... }:
    let
      given = get "lite-config" { } config;
      called = if isFunction given
        then given { inherit lib inputs self; config = settings; pkgs = unknown "pkgs"; }
        else given;
      settings = get "config" called called;
      hosts = get "hosts" { } settings;
      systemOf = name: get "system" "x86_64-linux" (get name { } hosts);
      nixosNames = filter (n: !(lib.hasSuffix "-darwin" (systemOf n))) (knownNames hosts);
      host = name: lib.nixosSystem {
        system = systemOf name;
        specialArgs = { inherit inputs self; hostPlatform = platform (systemOf name); };
        modules = get "systemModules" [ ] settings
          ++ get "nixosModules" [ ] settings
          ++ get "hostModules" [ ] settings
          ++ (if knows "hostModuleDir" settings then [ (settings.hostModuleDir + "/${name}") ] else [ ])
          ++ [ (unknown "input lite-config (its own modules)") ];
      };
    in
    {
      flake.nixosConfigurations = lib.genAttrs nixosNames host;
    };
in
{
  flakeModule = flakeModule;
  flakeModules = openSet "input lite-config" { default = flakeModule; };
}
