# Helpers of NixOS modules (`utils` module argument).
{ lib, config, pkgs }:
{
  # `/var/lib/web` → `var-lib-web`, as systemd names a path's units.
  escapeSystemdPath = s:
    let trimmed = lib.strings.removePrefix "/" (lib.strings.removeSuffix "/" s); in
    builtins.replaceStrings [ "/" ] [ "-" ] trimmed;
}
