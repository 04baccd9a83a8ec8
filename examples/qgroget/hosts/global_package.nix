# Packages every host gets, desktop or not.
{pkgs, ...}: {
  environment.systemPackages = with pkgs; [
    age
    curl
    dnsutils
    git
    lsof
    pciutils
    sops
    usbutils
    wget
  ];

  programs.htop.enable = true;
  programs.mtr.enable = true;
}
