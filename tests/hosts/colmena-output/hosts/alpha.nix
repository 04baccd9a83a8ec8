# A machine of both outputs.
{ ... }:
{
  networking.hostName = "alpha";
}
