# Cube: a Raspberry Pi 4 in the network cupboard. Secondary DNS and mDNS reflector.
{...}: {
  imports = [
    ../global.nix
    ./settings.nix
    ./hardware-configuration.nix
    ./disk-config.nix
    ../../modules/apps
  ];

  services = {
    blocky = {
      enable = true;
      settings = {
        ports.dns = 53;
        upstreams.groups.default = [
          "https://dns.quad9.net/dns-query"
          "https://one.one.one.one/dns-query"
        ];
        bootstrapDns = [{upstream = "9.9.9.9";}];
        blocking = {
          denylists.ads = ["https://raw.githubusercontent.com/StevenBlack/hosts/master/hosts"];
          clientGroupsBlock.default = ["ads"];
        };
        # Service names resolve to the Server's Traefik.
        customDNS.mapping."qgroget.com" = "192.168.1.10";
      };
    };

    avahi = {
      enable = true;
      reflector = true;
      nssmdns4 = true;
    };
  };

  networking.firewall = {
    allowedTCPPorts = [53];
    allowedUDPPorts = [53 5353];
  };

  system.stateVersion = "25.05";
}
