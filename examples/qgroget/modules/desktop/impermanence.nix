# Desktops: ephemeral `@` BTRFS subvolume, state kept in `@persist`.
{
  config,
  lib,
  ...
}: {
  config = lib.mkIf config.qgroget.nixos.isDesktop {
    # Archive the previous root, prune archives older than 30 days, start fresh.
    boot.initrd.postResumeCommands = lib.mkAfter ''
      mkdir -p /btrfs_tmp
      mount -o subvol=/ /dev/mapper/cryptroot /btrfs_tmp
      if [ -e /btrfs_tmp/@ ]; then
        mkdir -p /btrfs_tmp/old_roots
        timestamp=$(date --date="@$(stat -c %Y /btrfs_tmp/@)" "+%Y-%m-%d_%H:%M:%S")
        mv /btrfs_tmp/@ "/btrfs_tmp/old_roots/$timestamp"
      fi

      delete_subvolume_recursively() {
        IFS=$'\n'
        for sub in $(btrfs subvolume list -o "$1" | cut -f 9- -d ' '); do
          delete_subvolume_recursively "/btrfs_tmp/$sub"
        done
        btrfs subvolume delete "$1"
      }

      for old in $(find /btrfs_tmp/old_roots/ -mindepth 1 -maxdepth 1 -mtime +30); do
        delete_subvolume_recursively "$old"
      done

      btrfs subvolume create /btrfs_tmp/@
      umount /btrfs_tmp
    '';

    environment.persistence."/persist" = {
      enable = true;
      hideMounts = true;
      directories = [
        "/var/lib/nixos"
        "/var/lib/systemd"
        "/var/lib/bluetooth"
        "/var/lib/tailscale"
        "/etc/NetworkManager/system-connections"
        "/etc/ssh"
        "/var/log"
      ];
      files = [
        "/etc/machine-id"
      ];
    };
  };
}
