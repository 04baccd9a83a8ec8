{
  config,
  lib,
  pkgs,
  ...
}: let
  inherit (config.qgroget.user) username;
in {
  # The hash must exist before the users are created.
  sops.secrets."user/hashed_password".neededForUsers = true;

  users = {
    mutableUsers = false;

    users.${username} = {
      isNormalUser = true;
      description = "QGroget";
      extraGroups =
        ["wheel" "video" "audio"]
        ++ lib.optional config.networking.networkmanager.enable "networkmanager";
      hashedPasswordFile = config.sops.secrets."user/hashed_password".path;
      shell = pkgs.zsh;
      openssh.authorizedKeys.keys = [
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHk2wIcMNmhYm3u6GfHbd5hZ1NxYQh4mJ0cWq8l1dJ2x strange@Clovis"
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEw3pQ7lqK0bqv8W1m4Zr2c1n6sYgQeW0fC9yR3xT5aB strange@Septimius"
      ];
    };
  };

  programs.zsh.enable = true;
  security.sudo.wheelNeedsPassword = true;
}
