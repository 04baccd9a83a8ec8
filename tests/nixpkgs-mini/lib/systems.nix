# Platforms: a system name elaborated into a set of its properties.
{ lib }:
{
  elaborate = arg:
    let
      system = if builtins.isString arg then arg else arg.system;
      parts = lib.strings.splitString "-" system;
      cpu = builtins.head parts;
      kernel = lib.lists.last parts;
    in
    {
      inherit system;
      isLinux = kernel == "linux";
      isDarwin = kernel == "darwin";
      isx86_64 = cpu == "x86_64";
      isAarch64 = cpu == "aarch64";
    };
}
