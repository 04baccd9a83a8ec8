# The gateway.
{
  networking.nat.enable = true;
}
