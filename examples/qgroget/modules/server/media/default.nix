# Media: Jellyfin + Jellyseerr for video, Immich for photos. Libraries live on
# the data pool (/mnt/data), shared with the *arrs and downloaders through the
# `media` group.
{...}: {
  imports = [
    ./video/jellyfin.nix
    ./video/jellyseerr.nix
    ./photo/immich.nix
  ];

  users.groups.media.gid = 2000;

  systemd.tmpfiles.rules = [
    "d /mnt/data/media 2775 root media -"
    "d /mnt/data/media/movies 2775 root media -"
    "d /mnt/data/media/shows 2775 root media -"
    "d /mnt/data/media/music 2775 root media -"
  ];
}
