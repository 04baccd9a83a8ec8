# Everything the homelab runs. Imported by hosts/Server/configuration.nix only.
{...}: {
  imports = [
    ./options.nix
    ./settings.nix
    ./traefik
    ./SSO
    ./arrs
    ./media
    ./password-manager/vaultwarden.nix
    ./database/postgresql.nix
    ./backup
    ./downloaders
    ./dashboard
    ./dns
    ./misc
  ];

  # Containers run rootful under Podman, declared through quadlet-nix.
  virtualisation = {
    quadlet = {
      enable = true;
      autoEscape = true;
      autoUpdate.enable = true;
    };
    podman.autoPrune.enable = true;
  };
}
