{...}: {
  qgroget = {
    secretAgeKeyPath = "/persist/var/lib/sops/age/keys.txt";
    user.username = "strange";

    nixos = {
      isDesktop = true;
      auto-update = false;
      theme = "wide";

      desktop = {
        desktopEnvironment = "niri";
        loginManager = "greetd";
        monitors = [
          "DP-1, 2560x1440@165, 0x0, 1"
          "HDMI-A-1, 1920x1080@60, 2560x0, 1"
        ];
      };

      remote-access = {
        enable = true;
        tailscale.enable = true;
        sunshine.enable = true;
      };

      apps = {
        basic = true;
        school = false;
        dev.enable = true;
        media = true;
        crypto = true;
      };

      gaming = true;
      vr = true;
    };
  };
}
