# The relay.
{
  networking.hostName = "relay";
}
