{
  config,
  lib,
  pkgs,
  ...
}: {
  config = lib.mkIf config.qgroget.nixos.apps.crypto {
    # udev rules for the Ledger hardware wallet.
    hardware.ledger.enable = true;

    environment.systemPackages = with pkgs; [
      electrum
      ledger-live-desktop
      monero-gui
    ];
  };
}
