# alice's home: a number where a file's text goes, and a misspelt option elsewhere.
{ ... }:
{
  home.stateVersion = "25.11";
  xdg.enable = true;
  xdg.configFile."tool/limits.conf".text = 4096; # expect: QG102
  programs.git.enabel = true; # expect: QG101
}
