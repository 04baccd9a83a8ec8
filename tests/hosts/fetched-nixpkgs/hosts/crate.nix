# The storage machine: nothing wrong. It also imports a profile of the fetched nixpkgs,
# which the model does not have: the host is incomplete, not wrong.
{ ... }:
{
  fleet.slots = 2;
}
