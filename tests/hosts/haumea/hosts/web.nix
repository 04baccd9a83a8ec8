# Host web.
{
  networking.hostName = "web";
}
