# The gateway: its banner is a number where the toolkit wants text.
{ site, name, ... }:
{
  networking.hostName = "${name}-${site}";
  toolkit.banner = 42;
  deployment.targetHost = "gate.example.org";
}
