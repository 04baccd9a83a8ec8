# The build box: its slot count is written as text.
{ lib, ... }:
{
  fleet.slots = lib.mkForce "4";
}
