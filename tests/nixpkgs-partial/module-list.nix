# The trimmed NixOS module list of the partial real nixpkgs (tests/nixpkgs-partial).
# Written for qg: it replaces nixos/modules/module-list.nix of the assembled tree and
# names only modules whose files the manifest brings (their imports come with them).
# A base set (assertions, meta, nixpkgs, ids, version, users, systemd, activation, etc)
# plus services that fleets use and whose options qg's rules read. postfix.nix is there
# because the Prometheus exporters' module reads `config.services.postfix` in the users
# it creates: without it `config.users.users` fails, in Nix as in qg.
[
  ./config/networking.nix
  ./config/shells-environment.nix
  ./config/swap.nix
  ./config/sysctl.nix
  ./config/system-environment.nix
  ./config/system-path.nix
  ./config/users-groups.nix
  ./misc/assertions.nix
  ./misc/extra-arguments.nix
  ./misc/ids.nix
  ./misc/lib.nix
  ./misc/meta.nix
  ./misc/nixpkgs-flake.nix
  ./misc/nixpkgs.nix
  ./misc/version.nix
  ./rename.nix
  ./services/backup/restic.nix
  ./services/mail/postfix.nix
  ./services/misc/jellyfin.nix
  ./services/monitoring/prometheus/exporters.nix
  ./services/monitoring/unpoller.nix
  ./services/networking/firewall-iptables.nix
  ./services/networking/firewall-nftables.nix
  ./services/networking/firewall.nix
  ./services/networking/ssh/sshd.nix
  ./services/web-servers/traefik.nix
  ./system/activation/activation-script.nix
  ./system/activation/top-level.nix
  ./system/boot/kernel.nix
  ./system/boot/loader/efi.nix
  ./system/boot/loader/loader.nix
  ./system/boot/loader/systemd-boot/systemd-boot.nix
  ./system/boot/systemd.nix
  ./system/boot/systemd/journald.nix
  ./system/boot/systemd/logind.nix
  ./system/boot/systemd/tmpfiles.nix
  ./system/boot/systemd/user.nix
  ./system/build.nix
  ./system/etc/etc.nix
  ./tasks/filesystems.nix
  ./tasks/network-interfaces.nix
  ./virtualisation/oci-containers.nix
]
