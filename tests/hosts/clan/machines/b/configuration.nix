# Machine b: found from its folder alone.
{
  networking.firewall.enable = true;
}
