# Machine alpha.
{ ... }:
{
  networking.hostName = "alpha";
  fleet.role = "server";
}
