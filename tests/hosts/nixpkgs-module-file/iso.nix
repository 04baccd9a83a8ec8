# The live image.
{
  networking.hostName = "iso";
}
