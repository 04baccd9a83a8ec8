# School: office suite, notes and papers.
{
  config,
  lib,
  pkgs,
  ...
}: {
  config = lib.mkIf config.qgroget.nixos.apps.school {
    environment.systemPackages = with pkgs; [
      anki
      libreoffice-fresh
      obsidian
      texliveMedium
      typst
      xournalpp
      zotero
    ];
  };
}
