# The *arr stack. Everything runs in the shared `media` group so that
# imports into /mnt/data/media keep usable permissions.
{...}: {
  imports = [
    ./sonarr.nix
    ./radarr.nix
    ./bazarr.nix
    ./prowlarr.nix
    ./flaresolverr.nix
  ];
}
