# Impermanence glue and sanity checks for the services registered in
# `qgroget.services`.
{
  config,
  lib,
  pkgs,
  ...
}: let
  services = config.qgroget.services;

  serviceDirectories = lib.flatten (lib.mapAttrsToList (_: s: s.persistedData) services);
  subdomains = lib.mapAttrsToList (_: s: s.name) services;
  loggedUnits = lib.concatMap (s: lib.optional (s.journalctl && s.unitName != null) s.unitName) (lib.attrValues services);

  # `qg-logs`: follow the journal of every service that asked for it.
  qgLogs = pkgs.writeShellApplication {
    name = "qg-logs";
    runtimeInputs = [config.systemd.package];
    text = ''
      exec journalctl --follow --output=short-iso ${lib.concatMapStringsSep " " (unit: "--unit=${unit}") loggedUnits} "$@"
    '';
  };
in {
  environment.persistence."/persist" = {
    hideMounts = true;
    directories =
      [
        "/var/lib/nixos"
        "/var/lib/systemd"
        "/var/lib/containers"
        "/var/lib/postgresql"
        "/var/lib/tailscale"
        "/var/backup"
        # State of DynamicUser services (prowlarr, jellyseerr, AdGuard Home...).
        {
          directory = "/var/lib/private";
          mode = "0700";
        }
      ]
      ++ serviceDirectories;
    files = [
      "/etc/machine-id"
      "/etc/ssh/ssh_host_ed25519_key"
      "/etc/ssh/ssh_host_ed25519_key.pub"
      "/etc/ssh/ssh_host_rsa_key"
      "/etc/ssh/ssh_host_rsa_key.pub"
    ];
  };

  environment.systemPackages = [qgLogs];

  assertions = [
    {
      assertion = lib.length subdomains == lib.length (lib.unique subdomains);
      message = "qgroget.services: two services use the same subdomain (${lib.concatStringsSep ", " subdomains}).";
    }
    {
      assertion = lib.all (lib.hasPrefix "/") serviceDirectories;
      message = "qgroget.services.*.persistedData must only contain absolute paths.";
    }
    {
      assertion = lib.all (s: s.journalctl -> s.unitName != null) (lib.attrValues services);
      message = "qgroget.services: `journalctl = true` needs a `unitName`.";
    }
  ];
}
