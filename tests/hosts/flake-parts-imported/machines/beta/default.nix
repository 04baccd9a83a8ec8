# Machine beta.
{ ... }:
{
  networking.hostName = "beta";
  fleet.role = "server";
}
