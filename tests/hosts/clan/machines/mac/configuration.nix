# A Darwin machine: not a NixOS host.
{
  system.stateVersion = 5;
}
