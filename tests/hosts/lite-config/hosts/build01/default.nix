# A build machine.
{
  networking.hostName = "build01";
}
