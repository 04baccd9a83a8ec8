{...}: {
  qgroget = {
    # No impermanence on the Pi: the default key location is fine.
    user.username = "pi";

    nixos = {
      isDesktop = false;
      auto-update = true;
      theme = "rose-pine";

      remote-access = {
        enable = true;
        tailscale.enable = false;
      };

      apps.basic = true;
    };
  };
}
