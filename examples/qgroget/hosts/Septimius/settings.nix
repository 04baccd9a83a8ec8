{...}: {
  qgroget = {
    secretAgeKeyPath = "/persist/var/lib/sops/age/keys.txt";
    user.username = "strange";

    nixos = {
      isDesktop = true;
      auto-update = true;
      theme = "nord";

      desktop = {
        desktopEnvironment = "hyprland";
        loginManager = "ly";
        monitors = [
          "eDP-1, 1920x1200@60, 0x0, 1.25"
          ", preferred, auto, 1"
        ];
      };

      remote-access = {
        enable = true;
        tailscale.enable = true;
        sunshine.enable = false;
      };

      apps = {
        basic = true;
        school = true;
        dev.enable = true;
        media = true;
        crypto = false;
      };

      gaming = false;
      vr = false;
    };
  };
}
