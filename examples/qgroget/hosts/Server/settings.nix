{...}: {
  qgroget = {
    secretAgeKeyPath = "/persist/var/lib/sops/age/keys.txt";
    user.username = "strange";

    nixos = {
      isDesktop = false;
      auto-update = true;
      theme = "gruvbox";

      remote-access = {
        enable = true;
        tailscale.enable = true;
        sunshine.enable = false;
      };

      apps = {
        basic = true;
        dev.enable = true;
      };

      gaming = false;
      vr = false;
    };

    server = {
      domain = "qgroget.com";
      lanAddress = "192.168.1.10";
      acmeEmail = "admin@qgroget.com";
    };
  };
}
