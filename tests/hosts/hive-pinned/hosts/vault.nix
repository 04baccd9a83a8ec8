# The storage host: nothing wrong.
{ name, ... }:
{
  networking.hostName = name;
  toolkit.banner = "storage only";
}
