# alice's home: the theme's module may declare any option and define any value here, so
# the names of her configuration are not checked (neither `enabel` nor `accent`).
{ shell-theme, ... }:
{
  imports = [ shell-theme.homeManagerModules.default ];
  home.stateVersion = "25.11";
  programs.git.enabel = true;
  theme.accent = "teal";
}
