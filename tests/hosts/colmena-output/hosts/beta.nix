# A machine only colmena deploys; its arguments come from the hive's meta. Its rack is
# written as text where the fleet's option wants a number.
{ team, rack, name, ... }:
{
  networking.hostName = "${name}-${team}";
  fleet.rack = "${toString rack}";
  deployment.targetHost = "beta.example.org";
}
